<#
.SYNOPSIS
    Builds PSDropbox into out/PSDropbox and, with -Test, runs the tests.
.EXAMPLE
    ./build.ps1 -Test
#>
[CmdletBinding()]
param(
    [switch] $Test,
    [ValidateSet('Debug', 'Release')] [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
Push-Location $PSScriptRoot
try {
    dotnet build PSDropbox.slnx -c $Configuration
    if ($LASTEXITCODE -ne 0) { throw "dotnet build failed with exit code $LASTEXITCODE." }

    if ($Test) {
        dotnet test PSDropbox.slnx -c $Configuration --no-build
        if ($LASTEXITCODE -ne 0) { throw "dotnet test failed with exit code $LASTEXITCODE." }

        if (Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version.Major -ge 5 }) {
            $result = Invoke-Pester -Path (Join-Path $PSScriptRoot 'tests/Pester') -Output Detailed -PassThru
            if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed." }
        }
        else {
            Write-Warning 'Pester 5 is not installed; tests/Pester ran only through dotnet test.'
        }
    }
    Write-Host "Module ready: Import-Module $(Join-Path $PSScriptRoot 'out/PSDropbox/PSDropbox.psd1')"
}
finally {
    Pop-Location
}
