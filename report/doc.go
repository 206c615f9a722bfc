// Package report analyses cached runs and renders static HTML reports.
package report
