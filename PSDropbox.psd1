@{
    RootModule           = 'PSDropbox.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b7c1f0e-8d44-4c1e-9a59-2f3b6d0e7a41'
    Author               = 'PSDropbox contributors'
    CompanyName          = 'PSDropbox'
    Copyright            = '(c) PSDropbox contributors. MIT License.'
    Description          = 'Dropbox API v2 from PowerShell: typed objects on the pipeline, -WhatIf, progress, streaming listings, resumable verified transfers. Includes a Dropbox-compatible local emulator for offline testing.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('PSDropbox.format.ps1xml')
    CmdletsToExport      = @(
        'Compare-DropboxFolder'
        'Connect-Dropbox'
        'Copy-DropboxItem'
        'Disconnect-Dropbox'
        'Get-DropboxAccount'
        'Get-DropboxChange'
        'Get-DropboxChildItem'
        'Get-DropboxConnection'
        'Get-DropboxContent'
        'Get-DropboxCopyReference'
        'Get-DropboxCryptFolder'
        'Get-DropboxItem'
        'Get-DropboxNamespace'
        'Get-DropboxProfile'
        'Get-DropboxRevision'
        'Get-DropboxSharedLink'
        'Get-DropboxTeam'
        'Get-DropboxTeamFolder'
        'Get-DropboxTeamMember'
        'Get-DropboxTemporaryLink'
        'Invoke-DropboxApi'
        'Move-DropboxItem'
        'New-DropboxFolder'
        'New-DropboxSharedLink'
        'Receive-DropboxFile'
        'Register-DropboxCryptFolder'
        'Remove-DropboxItem'
        'Remove-DropboxSharedLink'
        'Rename-DropboxItem'
        'Restore-DropboxItem'
        'Save-DropboxCopyReference'
        'Save-DropboxThumbnail'
        'Search-DropboxItem'
        'Send-DropboxFile'
        'Set-DropboxContent'
        'Set-DropboxSharedLink'
        'Sync-DropboxFolder'
        'Unregister-DropboxCryptFolder'
        'Watch-DropboxChange'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Dropbox', 'Cloud', 'Storage', 'Files', 'OAuth', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/psdropbox/psdropbox'
            ReleaseNotes = 'First release: connect with an access token, account, items, listings, folders.'
        }
    }
}
