# Invoke-PesterSuite.ps1 and Measure-TestResults.ps1 count honestly: every kind of failure of a test file (a failing
# It, a failing BeforeAll, a syntax error, a file that never ends) is a failure in the totals and the exit code.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $script:Fixtures = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'fixtures')
    @{
        'Pass.Tests.ps1'   = "Describe 'P' { It 'one' { 1 | Should -Be 1 }; It 'two' { 'a' | Should -Be 'a' }; It 'skipped' -Skip { throw 'never' } }"
        'Fail.Tests.ps1'   = "Describe 'F' { It 'passes' { 1 | Should -Be 1 }; It 'fails' { 1 | Should -Be 2 } }"
        'Setup.Tests.ps1'  = "BeforeAll { throw 'setup exploded' }; Describe 'S' { It 'first victim' { 1 }; It 'second victim' { 1 } }"
        'Syntax.Tests.ps1' = "Describe 'X' { It 'never parsed' { ( }"
    }.GetEnumerator() | ForEach-Object { Set-Content -LiteralPath (Join-Path $Fixtures $_.Key) -Value $_.Value }

    # Runs the suite runner on some files in another pwsh; returns its exit code and output.
    function Invoke-Suite([string]$OutputFolder, [string[]]$Arguments) {
        $process = [System.Diagnostics.Process]::Start((New-PwshStartInfo -ArgumentList (@('-NonInteractive', '-File',
                    (Join-Path $PSScriptRoot 'Invoke-PesterSuite.ps1'), '-OutputFolder', $OutputFolder) + $Arguments)))
        $errors = $process.StandardError.ReadToEndAsync()
        $output = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $output; Errors = $errors.Result }
    }

    $script:Results = Join-Path $TestDrive 'results'
    $run = Invoke-Suite $Results (@('-ThrottleLimit', '4') + (Get-ChildItem $Fixtures).FullName)
    $script:Output = $run.Output
    $script:ExitCode = $run.ExitCode
    $script:Errors = $run.Errors
}

Describe 'Invoke-PesterSuite.ps1' {
    It 'exits with 1 and names every file that failed' {
        $ExitCode | Should -Be 1 -Because $Errors
        $Output | Should -Match 'with failures: (.*)'
        $failed = ([regex]::Match($Output, 'with failures: (.*)').Groups[1].Value -split ', ').Trim() | Sort-Object
        $failed | Should -Be 'Fail.Tests.ps1', 'Setup.Tests.ps1', 'Syntax.Tests.ps1'
    }

    It 'writes one JUnit report per file' {
        (Get-ChildItem $Results -Filter *.xml).Name | Sort-Object | Should -Be 'Fail.Tests.xml', 'Pass.Tests.xml', 'Setup.Tests.xml', 'Syntax.Tests.xml'
    }

    It 'stops a file that does not finish in time and counts it as failed' {
        $hang = Join-Path $TestDrive 'Hang.Tests.ps1'
        Set-Content -LiteralPath $hang -Value "Describe 'H' { It 'hangs' { Start-Sleep -Seconds 600 } }"
        $folder = Join-Path $TestDrive 'hang-results'
        $run = Invoke-Suite $folder '-TimeoutSec', '5', '-ThrottleLimit', '2', $hang, (Join-Path $Fixtures 'Syntax.Tests.ps1')
        $run.ExitCode | Should -Be 1
        $run.Output | Should -Match '=== Hang\.Tests\.ps1: \d+ s, exit code -?\d+, did not finish within 5 s and was stopped'
        ([xml](Get-Content (Join-Path $folder 'Hang.Tests.xml') -Raw)).testsuites.testsuite.testcase.failure.message |
            Should -Be 'did not finish within 5 s and was stopped'
        & (Join-Path $PSScriptRoot '../Measure-TestResults.ps1') -Path $folder | Should -Be '0 passed, 2 failed, 0 skipped'
    }

    It 'shows what failed in each file' {
        $Output | Should -Match 'Expected 2, but got 1\.'
        $Output | Should -Match 'setup exploded'
        $Output | Should -Match 'Syntax\.Tests\.ps1'
    }
}

Describe 'Measure-TestResults.ps1' {
    It 'sums every report: a failing BeforeAll fails its tests, a file that never ran is one failure' {
        # Pass: 2 passed, 1 skipped. Fail: 1 passed, 1 failed. Setup: 2 failed. Syntax: 1 failed.
        & (Join-Path $PSScriptRoot '../Measure-TestResults.ps1') -Path $Results | Should -Be '3 passed, 4 failed, 1 skipped'
        $Output | Should -Match '(?m)^Pester: 3 passed, 4 failed, 1 skipped\s*$'
    }

    It 'adds dotnet test''s TRX counters' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'mixed')
        Copy-Item (Join-Path $Results 'Fail.Tests.xml') $folder
        Set-Content -LiteralPath (Join-Path $folder 'unit.trx') -Value (
            '<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><ResultSummary outcome="Failed">' +
            '<Counters total="10" executed="9" passed="6" failed="2" error="1" timeout="0" aborted="0" notExecuted="1" /></ResultSummary></TestRun>')
        & (Join-Path $PSScriptRoot '../Measure-TestResults.ps1') -Path $folder -Label 'All:' | Should -Be 'All: 7 passed, 4 failed, 1 skipped'
    }
}
