<#
.SYNOPSIS
    Readies this pwsh for trying PSDropbox: imports out/PSDropbox, starts a fresh emulator seeded with samples/tree
    ($Emulator) and connects to it. The emulator stops when this pwsh exits.
.DESCRIPTION
    ./build.ps1 -Shell builds, then runs: dotnet pwsh -NoExit -File tools/Open-EmulatorShell.ps1
#>
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $root 'out/PSDropbox/PSDropbox.psd1')
Import-Module (Join-Path $root 'out/PSDropbox.Emulator/PSDropbox.Emulator.psd1')
$global:Emulator = Start-DropboxEmulator -Seed (Join-Path $root 'samples/tree')
Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint $Emulator.BaseUrl
Write-Host "PSDropbox is connected to the emulator at $($Emulator.BaseUrl), seeded with samples/tree; it stops when you exit."
Write-Host 'Try: Get-DropboxChildItem / -Recurse | Format-Table'
