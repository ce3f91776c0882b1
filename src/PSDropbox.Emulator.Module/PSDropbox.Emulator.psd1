@{
    RootModule           = 'PSDropbox.Emulator.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = 'c0b7e3a4-2f61-4d8e-9a0b-6e5f1d2c3b47'
    Author               = 'PSDropbox contributors'
    CompanyName          = 'PSDropbox'
    Copyright            = '(c) PSDropbox contributors. MIT License.'
    Description          = 'Starts and stops the PSDropbox Dropbox-compatible emulator (http://127.0.0.1) as a fixture for your own tests, like Azurite for Azure Storage.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    FunctionsToExport    = @('Start-DropboxEmulator', 'Stop-DropboxEmulator')
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{ PSData = @{ Tags = @('Dropbox', 'Emulator', 'Testing', 'Pester') } }
}
