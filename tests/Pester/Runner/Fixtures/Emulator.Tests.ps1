Describe 'Emulator variable' {
    It 'is provided by the hosted runner' {
        $PSDropboxTestEmulator | Should -Not -BeNullOrEmpty
        $PSDropboxTestEmulator.BaseUrl | Should -Match '^http://127\.0\.0\.1:\d+$'
        $PSDropboxTestEmulator.AccessToken | Should -Match '^sl\.PSDTEST\.[0-9a-f]{40}$'
        [System.IO.Directory]::Exists($PSDropboxTestEmulator.DataDirectory) | Should -BeTrue
    }
}
