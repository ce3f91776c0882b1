BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1

    $script:ModulePath = [System.IO.Path]::Combine((Get-Module PSDropbox).ModuleBase, 'PSDropbox.psd1')

    function New-TestAccount([string]$Name) {
        $token = "sl.$Name-" + [guid]::NewGuid().ToString('n')
        $null = Invoke-EmulatorAdmin -Method POST -Path accounts -Body @{ name = $Name; token = $token }
        $token
    }

    function New-RemoteText([string]$Path, [string]$Text, $Connection) {
        $local = [System.IO.Path]::Combine($TestDrive, [guid]::NewGuid().ToString('n') + '.txt')
        [System.IO.File]::WriteAllText($local, $Text)
        $null = Send-DropboxFile -LiteralPath $local -Destination $Path -Mode Overwrite -Connection $Connection
    }

    $script:AliceToken = New-TestAccount 'alice'
    $script:BobToken = New-TestAccount 'bob'
}

Describe 'Connection objects' {
    AfterEach { Disconnect-Dropbox -ErrorAction SilentlyContinue }

    It 'gives every cmdlet that calls Dropbox a -Connection parameter' {
        $without = @('Connect-Dropbox', 'Get-DropboxConnection', 'Get-DropboxProfile')
        $cmdlets = @(Get-Command -Module PSDropbox -CommandType Cmdlet | Where-Object Name -NotIn $without)
        $cmdlets.Count | Should -BeGreaterThan 20
        foreach ($cmdlet in $cmdlets) {
            $cmdlet.Parameters.ContainsKey('Connection') | Should -BeTrue -Because "$($cmdlet.Name) must take -Connection"
            $cmdlet.Parameters['Connection'].ParameterType | Should -Be ([PSDropbox.DropboxConnection])
        }
    }

    It 'keeps an earlier connection working after a later Connect-Dropbox, and -Connection picks the account' {
        $alice = Connect-Dropbox -AccessToken $AliceToken -ApiEndpoint $Emulator.BaseUrl -PassThru
        $bob = Connect-Dropbox -AccessToken $BobToken -ApiEndpoint $Emulator.BaseUrl -PassThru
        (Get-DropboxAccount).Email | Should -Be 'bob@emulator.local'
        (Get-DropboxAccount -Connection $alice).Email | Should -Be 'alice@emulator.local'
        (Get-DropboxAccount -Connection $bob).Email | Should -Be 'bob@emulator.local'
        @($alice.IsOpen, $bob.IsOpen) | Should -Be @($true, $true)
    }

    It 'copies between two accounts in one pipeline' {
        $alice = Connect-Dropbox -AccessToken $AliceToken -ApiEndpoint $Emulator.BaseUrl -PassThru
        $bob = Connect-Dropbox -AccessToken $BobToken -ApiEndpoint $Emulator.BaseUrl -PassThru
        New-RemoteText '/from-alice.txt' 'written by alice' $alice
        $down = [System.IO.Path]::Combine($TestDrive, 'relay')
        $null = [System.IO.Directory]::CreateDirectory($down)
        Receive-DropboxFile /from-alice.txt -Destination $down -Force -Connection $alice
        Send-DropboxFile -LiteralPath ([System.IO.Path]::Combine($down, 'from-alice.txt')) -Destination /copied/ -Connection $bob
        (Get-DropboxItem /copied/from-alice.txt -Connection $bob).Size | Should -Be 16
        { Get-DropboxItem /copied/from-alice.txt -Connection $alice -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
    }

    It 'lets two connections work side by side in one ForEach-Object -Parallel, each seeing only its own files' {
        $alice = Connect-Dropbox -AccessToken $AliceToken -ApiEndpoint $Emulator.BaseUrl -PassThru
        $bob = Connect-Dropbox -AccessToken $BobToken -ApiEndpoint $Emulator.BaseUrl -PassThru
        New-RemoteText '/mine.txt' 'alice' $alice
        New-RemoteText '/mine.txt' 'bob-bob' $bob
        New-RemoteText '/only-alice.txt' 'a' $alice

        $work = foreach ($i in 1..6) { @{ Who = 'alice'; Connection = $alice }; @{ Who = 'bob'; Connection = $bob } }
        $results = @($work | ForEach-Object -ThrottleLimit 6 -Parallel {
            Import-Module $using:ModulePath
            $item = Get-DropboxItem /mine.txt -Connection $_.Connection
            $other = try { $null = Get-DropboxItem /only-alice.txt -Connection $_.Connection -ErrorAction Stop; 'found' } catch { $_.FullyQualifiedErrorId }
            [pscustomobject]@{ Who = $_.Who; Size = $item.Size; Email = (Get-DropboxAccount -Connection $_.Connection).Email; Other = "$other" }
        })

        $results.Count | Should -Be 12
        foreach ($r in $results) {
            $r.Email | Should -Be "$($r.Who)@emulator.local"
            $r.Size | Should -Be $(if ($r.Who -eq 'alice') { 5 } else { 7 })
            if ($r.Who -eq 'alice') { $r.Other | Should -Be 'found' } else { $r.Other | Should -BeLike 'PSDropbox.PathNotFound*' }
        }
    }

    It 'lets ForEach-Object -Parallel use the current connection without -Connection' {
        Connect-Dropbox -AccessToken $AliceToken -ApiEndpoint $Emulator.BaseUrl
        $emails = @(1..3 | ForEach-Object -Parallel {
            Import-Module $using:ModulePath
            (Get-DropboxAccount).Email
            (Get-DropboxConnection).Email
        })
        $emails | Should -Be (@('alice@emulator.local') * 6)
    }

    It 'keeps a runspace that connected on its own apart from the current connection' {
        Connect-Dropbox -AccessToken $AliceToken -ApiEndpoint $Emulator.BaseUrl
        $ps = [powershell]::Create([initialsessionstate]::CreateDefault2())
        try {
            $null = $ps.AddScript("Import-Module '$ModulePath'; Connect-Dropbox -AccessToken '$BobToken' -ApiEndpoint '$($Emulator.BaseUrl)'; (Get-DropboxAccount).Email")
            $ps.Invoke() | Should -Be 'bob@emulator.local'
            (Get-DropboxAccount).Email | Should -Be 'alice@emulator.local'
            $ps.Commands.Clear()
            $null = $ps.AddScript('(Get-DropboxAccount).Email')
            $ps.Invoke() | Should -Be 'bob@emulator.local'
        }
        finally { $ps.Dispose() }
    }

    It 'refreshes an expired token once for one connection used by many runspaces at once' {
        $app = New-TestOAuthApp
        $tokens = New-TestRefreshToken -AppKey $app
        $c = Connect-Dropbox -AppKey $app -RefreshToken $tokens.refresh_token -ApiEndpoint $Emulator.BaseUrl -PassThru
        Invoke-EmulatorAdmin -Method DELETE -Path requests
        (Invoke-EmulatorAdmin -Method POST -Path tokens/expire).expired | Should -BeGreaterThan 0

        $emails = @(1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $using:ModulePath
            foreach ($n in 1..3) { (Get-DropboxAccount -Connection $using:c).Email }
        })

        $emails.Count | Should -Be 24
        @($emails | Where-Object { $_ -ne 'user@emulator.local' }) | Should -BeNullOrEmpty
        $refreshes = @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = 'oauth2/token' })
        $refreshes.Count | Should -Be 1
        $refreshes[0].status | Should -Be 200
    }

    It 'closes only the connection given to Disconnect-Dropbox -Connection, which is then refused' {
        $alice = Connect-Dropbox -AccessToken $AliceToken -ApiEndpoint $Emulator.BaseUrl -PassThru
        $bob = Connect-Dropbox -AccessToken $BobToken -ApiEndpoint $Emulator.BaseUrl -PassThru
        Disconnect-Dropbox -Connection $alice
        $alice.IsOpen | Should -BeFalse
        $record = { Get-DropboxAccount -Connection $alice -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.NotConnected,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        "$record" | Should -Match 'Disconnect-Dropbox'
        (Get-DropboxAccount).Email | Should -Be 'bob@emulator.local'
        (Get-DropboxConnection).Email | Should -Be 'bob@emulator.local'
    }

    It 'refuses a -Connection that is not a connection object' {
        { Get-DropboxAccount -Connection 'alice' -ErrorAction Stop } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,PSDropbox.Commands.GetDropboxAccountCommand'
        { Get-DropboxAccount -Connection $null -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSDropbox.Commands.GetDropboxAccountCommand'
    }

    It 'completes remote paths from the account that -Connection names' {
        $bob = Connect-Dropbox -AccessToken $BobToken -ApiEndpoint $Emulator.BaseUrl -PassThru
        New-RemoteText '/bob-only/notes.txt' 'b' $bob
        Connect-Dropbox -AccessToken $AliceToken -ApiEndpoint $Emulator.BaseUrl
        $line = 'Get-DropboxChildItem -Connection $bob -Path /bob-o'
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches).CompletionText | Should -Be '/bob-only/'
        $line = 'Get-DropboxChildItem -Path /bob-o'
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches) | Should -BeNullOrEmpty
    }

    It 'reaches any route through -Connection with Invoke-DropboxApi' {
        $alice = Connect-Dropbox -AccessToken $AliceToken -ApiEndpoint $Emulator.BaseUrl -PassThru
        Connect-Dropbox -AccessToken $BobToken -ApiEndpoint $Emulator.BaseUrl
        (Invoke-DropboxApi users/get_current_account -Connection $alice).email | Should -Be 'alice@emulator.local'
        (Invoke-DropboxApi users/get_current_account).email | Should -Be 'bob@emulator.local'
    }
}

Describe 'Get-DropboxConnection' {
    AfterEach { Disconnect-Dropbox -ErrorAction SilentlyContinue }

    It 'returns the current connection: who, where and how, and nothing secret' {
        $made = Connect-Dropbox -AccessToken $AliceToken -ApiEndpoint $Emulator.BaseUrl -PassThru
        $c = Get-DropboxConnection
        $c.Email | Should -Be 'alice@emulator.local'
        $c.DisplayName | Should -Not -BeNullOrEmpty
        $c.AccountId | Should -BeLike 'dbid:*'
        $c.Endpoint | Should -Be ([uri]$Emulator.BaseUrl).GetLeftPart('Authority')
        $c.AuthenticationType | Should -Be 'AccessToken'
        @([object]::ReferenceEquals($c, $made), $c.IsOpen) | Should -Be @($true, $true) -Because 'it is the open connection Connect-Dropbox -PassThru returned'
        $text = (@($c.ToString()) + @($c.psobject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" })) -join "`n"
        $text | Should -Match 'alice@emulator.local'
        $text | Should -Not -Match ([regex]::Escape($AliceToken))
    }

    It 'writes a NotConnected error when there is no connection' {
        Disconnect-Dropbox
        $record = { Get-DropboxConnection -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.NotConnected,PSDropbox.Commands.GetDropboxConnectionCommand' -PassThru
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        Get-DropboxConnection -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
