<#
.SYNOPSIS
    Sums the test results under a folder into one line: "N passed, N failed, N skipped".
.DESCRIPTION
    Reads dotnet test's TRX reports and Pester's JUnit reports (one test file per report, as
    Invoke-PesterSuite.ps1 writes them). A Pester file that failed outside of any test (a syntax error, a throw while
    discovering its tests) has no failed test in its report, only an error: it counts as one failure.
.EXAMPLE
    ./tests/Measure-TestResults.ps1 TestResults
#>
param(
    [string] $Path = 'TestResults',
    # Written before the counts, e.g. 'Pester:'
    [string] $Label
)
$passed = $failed = $skipped = 0
foreach ($report in Get-ChildItem -LiteralPath $Path -Recurse -File -Include *.trx, *.xml -ErrorAction Ignore) {
    $xml = [xml](Get-Content -LiteralPath $report.FullName -Raw)
    if ($xml.DocumentElement.LocalName -eq 'TestRun') {
        $c = $xml.DocumentElement.ResultSummary.Counters
        $passed += [int]$c.passed
        $failed += [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
        $skipped += [int]$c.notExecuted
    }
    elseif ($xml.DocumentElement.LocalName -eq 'testsuites') {
        $suite = $xml.DocumentElement
        $failures = [int]$suite.failures
        $passed += [int]$suite.tests - $failures - [int]$suite.disabled
        $failed += [Math]::Max($failures, [int]$suite.errors)
        $skipped += [int]$suite.disabled
    }
}
(@($Label) + "$passed passed, $failed failed, $skipped skipped" | Where-Object { $_ }) -join ' '
