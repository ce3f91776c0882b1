BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
}

Describe 'Connect-Dropbox' {
    AfterEach { Disconnect-Dropbox }

    It 'connects with a plain string token and returns the connection with -PassThru' {
        $connection = Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint $Emulator.BaseUrl -PassThru
        $connection | Should -BeOfType ([PSDropbox.DropboxConnection])
        $connection.Email | Should -Be 'user@emulator.local'
        $connection.AuthenticationType | Should -Be 'AccessToken'
    }

    It 'connects with a SecureString token' {
        $secure = [System.Net.NetworkCredential]::new('', $Emulator.AccessToken).SecurePassword
        Connect-Dropbox -AccessToken $secure -ApiEndpoint $Emulator.BaseUrl
        (Get-DropboxAccount).Email | Should -Be 'user@emulator.local'
    }

    It 'writes nothing to the pipeline without -PassThru' {
        $output = Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint $Emulator.BaseUrl
        $output | Should -BeNullOrEmpty
    }

    It 'refuses an invalid token with an authentication error' {
        { Connect-Dropbox -AccessToken 'sl.not-a-real-token' -ApiEndpoint $Emulator.BaseUrl -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.InvalidToken,*'
    }

    It 'puts the invalid-token failure in the AuthenticationError category' {
        $record = { Connect-Dropbox -AccessToken 'sl.not-a-real-token' -ApiEndpoint $Emulator.BaseUrl -ErrorAction Stop } |
            Should -Throw -PassThru
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $record.Exception.Message | Should -Not -Match 'at PSDropbox\.'
    }

    It 'reports an endpoint where nothing listens as a connection error' {
        $endpoint = Get-RefusingEndpoint
        $record = { Connect-Dropbox -AccessToken 'x' -ApiEndpoint $endpoint -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.ConnectionFailed,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ConnectionError'
        $record.ToString() | Should -Match ([regex]::Escape(([uri]$endpoint).Authority))
    }

    It 'refuses plain http to an address that is not loopback' {
        $record = { Connect-Dropbox -AccessToken 'x' -ApiEndpoint 'http://example.com' -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.InsecureEndpoint,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'SecurityError'
    }

    It 'keeps the previous connection when a new Connect-Dropbox fails' {
        Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint $Emulator.BaseUrl
        { Connect-Dropbox -AccessToken 'sl.bad' -ApiEndpoint $Emulator.BaseUrl -ErrorAction Stop } | Should -Throw
        (Get-DropboxAccount).Email | Should -Be 'user@emulator.local'
    }
}

Describe 'Disconnect-Dropbox' {
    It 'makes later commands fail with NotConnected' {
        Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint $Emulator.BaseUrl
        Disconnect-Dropbox
        $record = { Get-DropboxItem /anything -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.NotConnected,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $record.ToString() | Should -Match 'Connect-Dropbox'
    }

    It 'is quiet when there is no connection' {
        Disconnect-Dropbox
        { Disconnect-Dropbox -ErrorAction Stop } | Should -Not -Throw
    }
}

Describe 'Secrets' {
    It 'never shows the token in output, verbose, debug, warnings, errors or ToString' {
        $token = $Emulator.AccessToken
        $everything = & {
            $c = Connect-Dropbox -AccessToken $token -ApiEndpoint $Emulator.BaseUrl -PassThru -Verbose -Debug
            $c
            $c.ToString()
            $c.psobject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }
            Get-DropboxAccount -Verbose -Debug
            Get-DropboxChildItem / -Verbose -Debug
            Get-DropboxItem /does-not-exist -Verbose -Debug -ErrorAction Continue
            try { Connect-Dropbox -AccessToken ($token + 'x') -ApiEndpoint $Emulator.BaseUrl -Verbose -ErrorAction Stop } catch { $_ }
        } *>&1
        $text = ($everything | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { "$_ $($_.Exception)" } else { "$_" } }) -join "`n"
        $text | Should -Match 'users/get_current_account -> 200'
        $text | Should -Match 'PSDropbox.PathNotFound|was not found'
        $text | Should -Not -Match ([regex]::Escape($token))
        $text | Should -Not -Match 'Bearer'
        Disconnect-Dropbox
    }
}
