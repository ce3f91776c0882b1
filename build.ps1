<#
.SYNOPSIS
    Builds PSDropbox into out/PSDropbox (and the emulator's module into out/PSDropbox.Emulator); -Test also runs the
    tests, -Shell then opens pwsh with the module connected to a seeded emulator.
.DESCRIPTION
    Needs only the .NET SDK. Works in Windows PowerShell 5.1 and PowerShell 7. The tests and -Shell run in pwsh 7.6.10
    from the repository's tool manifest (dotnet tool restore), whichever PowerShell runs this script.
.EXAMPLE
    ./build.ps1 -Test
.EXAMPLE
    ./build.ps1 -Shell
#>
[CmdletBinding()]
param(
    [switch] $Test,
    [switch] $Shell,
    [ValidateSet('Debug', 'Release')] [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
function Invoke-Checked([string] $What, [scriptblock] $Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed with exit code $LASTEXITCODE." }
}

Push-Location $PSScriptRoot
try {
    Invoke-Checked 'dotnet tool restore' { dotnet tool restore }
    Invoke-Checked 'dotnet build' { dotnet build PSDropbox.slnx -c $Configuration }

    if ($Test) {
        if ((Get-Command npm -ErrorAction Ignore) -and -not (Test-Path tests/Conformance/node_modules)) {
            Push-Location tests/Conformance
            try { Invoke-Checked 'npm ci' { npm ci --no-audit --no-fund } } finally { Pop-Location }
        }
        dotnet test PSDropbox.slnx -c $Configuration --no-build
        $unitExitCode = $LASTEXITCODE
        dotnet pwsh -NoProfile -NonInteractive -File tests/Pester/Invoke-PesterSuite.ps1
        if ($unitExitCode -ne 0 -or $LASTEXITCODE -ne 0) { throw 'Some tests failed (see above).' }
    }
    Write-Host "Module ready: Import-Module $(Join-Path $PSScriptRoot 'out/PSDropbox/PSDropbox.psd1')"
    if ($Shell) { dotnet pwsh -NoExit -File tools/Open-EmulatorShell.ps1 }
}
finally {
    Pop-Location
}
