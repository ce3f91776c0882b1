# Exercises TestHelpers.ps1's real-Pester path: no $PSDropboxTestEmulator, so it starts the built
# emulator as a child process. Run by HarnessSelfTests with StartEmulator = false.
BeforeAll {
    . $PSScriptRoot/../../TestHelpers.ps1
}

AfterAll {
    $id = $global:PSDropboxTestEmulatorProcess.Id
    Stop-TestEmulator
    $alive = $true
    try { $null = [System.Diagnostics.Process]::GetProcessById($id) } catch { $alive = $false }
    if ($alive) { throw "the emulator child process $id is still running after Stop-TestEmulator" }
}

Describe 'Child-process emulator' {
    It 'is running and answers' {
        $global:PSDropboxTestEmulatorProcess.HasExited | Should -BeFalse
        $Emulator.BaseUrl | Should -Match '^http://127\.0\.0\.1:\d+$'
        $Emulator.AccessToken | Should -Match '^sl\.PSDTEST\.[0-9a-f]{40}$'
        Invoke-EmulatorAdmin -Method DELETE -Path requests
        @(Invoke-EmulatorAdmin -Method GET -Path requests) | Should -HaveCount 0
    }

    It 'accepts the token through the module' {
        Connect-TestDropbox
        (Get-DropboxAccount).AccountId | Should -Match '^dbid:'
    }
}
