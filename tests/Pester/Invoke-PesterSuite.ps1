<#
.SYNOPSIS
    Runs tests/Pester under real Pester 5, each test file in its own pwsh process, a few at once.
.DESCRIPTION
    Build first (dotnet build -c Release, or ./build.ps1): the tests import out/PSDropbox and out/PSDropbox.Emulator,
    and the build fetches Pester (tests/Pester/PSDropbox.Tests.Pester.csproj). Pester is configured by
    PesterConfiguration.psd1; each file's results go to TestResults/Pester/<file>.xml (JUnit). A single file runs in
    this process, with Detailed output. Exits with 1 when a test failed.
.EXAMPLE
    dotnet pwsh tests/Pester/Invoke-PesterSuite.ps1
    Every file, three at a time; prints each file's output as it finishes, then "Pester: N passed, N failed, N skipped".
.EXAMPLE
    dotnet pwsh tests/Pester/Invoke-PesterSuite.ps1 tests/Pester/Items.Tests.ps1
#>
[CmdletBinding()]
param(
    # Test files; every *.Tests.ps1 of tests/Pester by default.
    [Parameter(Position = 0, ValueFromRemainingArguments)] [string[]] $Path,
    # Test files run at once, each in its own pwsh process.
    [ValidateRange(1, 16)] [int] $ThrottleLimit = 3,
    # Pester's output verbosity: Detailed for a single file, Normal (failures and totals) otherwise.
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')] [string] $Output,
    # A file still running after this many seconds is stopped and counted as failed.
    [ValidateRange(1, 14400)] [int] $TimeoutSec = 1200,
    # Where each file's JUnit report goes.
    [string] $OutputFolder = (Join-Path $PSScriptRoot '../../TestResults/Pester')
)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
$resultsFolder = (New-Item -ItemType Directory -Force -Path $OutputFolder).FullName
$files = @(if ($Path) { Resolve-Path -Path $Path | ForEach-Object ProviderPath }
    else { Get-ChildItem -LiteralPath $PSScriptRoot -Filter *.Tests.ps1 | ForEach-Object FullName })
function Get-ResultPath([string]$File) { Join-Path $resultsFolder ((Split-Path $File -Leaf) -replace '\.ps1$', '.xml') }

if ($files.Count -eq 1) {
    $pesterPath = Join-Path $PSScriptRoot 'obj/pester-module.txt'
    if (-not (Test-Path -LiteralPath $pesterPath)) { throw "Pester has not been fetched yet: build first (dotnet build -c Release in $repo)." }
    Import-Module (Get-Content -LiteralPath $pesterPath -TotalCount 1) -ErrorAction Stop
    $config = New-PesterConfiguration -Hashtable (Import-PowerShellDataFile (Join-Path $PSScriptRoot 'PesterConfiguration.psd1'))
    $config.Run.Path = $files
    $config.TestResult.OutputPath = Get-ResultPath $files[0]
    $config.Output.Verbosity = if ($Output) { $Output } else { 'Detailed' }
    $result = Invoke-Pester -Configuration $config
    exit $(if ($result.Result -eq 'Passed') { 0 } else { 1 })
}

# Several files: one child pwsh per file (this script with that file), ThrottleLimit at once. Longest first, by the
# seconds each took last time here (obj/durations.json); files not timed yet go first, the biggest first.
$durationsPath = Join-Path $PSScriptRoot 'obj/durations.json'
$durations = @{}
if (Test-Path -LiteralPath $durationsPath) { $durations = Get-Content -LiteralPath $durationsPath -Raw | ConvertFrom-Json -AsHashtable }
$files = $files | Sort-Object -Descending { $d = $durations[(Split-Path $_ -Leaf)]; if ($null -eq $d) { [double]::MaxValue } else { $d } }, { (Get-Item $_).Length }
# In `dotnet pwsh` this process is dotnet running pwsh.dll; the children are started the same way.
$pwshProgram = [Environment]::ProcessPath
$pwshArguments = @(if ([IO.Path]::GetFileNameWithoutExtension($pwshProgram) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
$verbosity = if ($Output) { $Output } else { 'Normal' }
$watch = [Diagnostics.Stopwatch]::StartNew()
$runs = $files | ForEach-Object -ThrottleLimit $ThrottleLimit -Parallel {
    $file = $_
    $resultPath = Join-Path $using:resultsFolder ((Split-Path $file -Leaf) -replace '\.ps1$', '.xml')
    Remove-Item -LiteralPath $resultPath -ErrorAction Ignore
    $start = [Diagnostics.ProcessStartInfo]::new($using:pwshProgram)
    foreach ($a in @($using:pwshArguments) + @('-NoProfile', '-File', $using:PSCommandPath, '-Path', $file, '-Output', $using:verbosity, '-OutputFolder', $using:resultsFolder)) {
        $start.ArgumentList.Add($a)
    }
    $start.WorkingDirectory = $using:repo
    $start.RedirectStandardInput = $start.RedirectStandardOutput = $start.RedirectStandardError = $true
    if ([Console]::IsOutputRedirected) { $start.Environment['NO_COLOR'] = '1' }   # plain text in logs; colours in a terminal
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $process = [Diagnostics.Process]::Start($start)
    # Interactive (the sign-in tests need that) but with nothing to read: a prompt gets no answer instead of waiting.
    $process.StandardInput.Close()
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    $finished = $process.WaitForExit([int]$using:TimeoutSec * 1000)
    if (-not $finished) { $process.Kill($true); $process.WaitForExit() }
    $problem = if (-not $finished) { "did not finish within $using:TimeoutSec s and was stopped" }
    elseif (-not (Test-Path -LiteralPath $resultPath)) { "pwsh exited with code $($process.ExitCode) without writing $resultPath" }
    if ($problem) {
        # The file's tests did not run to the end: one failed test in its report says so.
        $name = [Security.SecurityElement]::Escape((Split-Path $file -Leaf))
        Set-Content -LiteralPath $resultPath -Value ("<testsuites name=`"Pester`" tests=`"1`" errors=`"1`" failures=`"1`" disabled=`"0`">" +
            "<testsuite name=`"$name`" tests=`"1`" failures=`"1`"><testcase name=`"$name`"><failure message=`"$([Security.SecurityElement]::Escape($problem))`" /></testcase></testsuite></testsuites>")
    }
    $header = "=== $(Split-Path $file -Leaf): $([int]$watch.Elapsed.TotalSeconds) s, exit code $($process.ExitCode)$(if ($problem) { ", $problem" })"
    [pscustomobject]@{
        Name    = Split-Path $file -Leaf
        Seconds = [int]$watch.Elapsed.TotalSeconds
        Failed  = [bool]$problem -or $process.ExitCode -ne 0
        Text    = ($header, $stdout.Result.TrimEnd(), $stderr.Result.TrimEnd() | Where-Object { $_ }) -join [Environment]::NewLine
    }
} | ForEach-Object { Write-Host $_.Text; $_ }

if (-not $Path) {
    foreach ($run in $runs) { $durations[$run.Name] = $run.Seconds }
    $null = New-Item -ItemType Directory -Force -Path (Split-Path $durationsPath)
    $durations | ConvertTo-Json | Set-Content -LiteralPath $durationsPath
}
$failedFiles = @($runs | Where-Object Failed | ForEach-Object Name)

Write-Host "Pester files: $($files.Count) in $([int]$watch.Elapsed.TotalSeconds) s$(if ($failedFiles) { "; with failures: $($failedFiles -join ', ')" })"
Write-Host (& (Join-Path $PSScriptRoot '../Measure-TestResults.ps1') -Path $resultsFolder -Label 'Pester:')
exit $(if ($failedFiles) { 1 } else { 0 })
