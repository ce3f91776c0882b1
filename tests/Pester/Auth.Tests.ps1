BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1

    function Get-RequestLog([string]$Route) { @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = $Route }) }

    function Get-UnixMode([string]$Path) {
        if ([System.IO.Directory]::Exists($Path)) { return [System.IO.File]::GetUnixFileMode($Path) }
        [System.IO.File]::GetUnixFileMode($Path)
    }
}

Describe 'Connect-Dropbox -RefreshToken' {
    BeforeAll {
        $script:App = New-TestOAuthApp
        $script:Tokens = New-TestRefreshToken -AppKey $script:App
    }
    AfterEach { Disconnect-Dropbox -ErrorAction SilentlyContinue }

    It 'connects with a refresh token and an app key, and the connection works' {
        $c = Connect-Dropbox -AppKey $App -RefreshToken $Tokens.refresh_token -ApiEndpoint $Emulator.BaseUrl -PassThru
        $c.AuthenticationType | Should -Be 'RefreshToken'
        $c.AccountId | Should -Be $Tokens.account_id
        (Get-DropboxAccount).Email | Should -Be 'user@emulator.local'
        $c.Profile | Should -BeNullOrEmpty
    }

    It 'refuses a refresh token that is not valid with InvalidGrant' {
        $record = { Connect-Dropbox -AppKey $App -RefreshToken 'not-a-refresh-token' -ApiEndpoint $Emulator.BaseUrl -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.InvalidGrant,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $record.ToString() | Should -Match 'Connect-Dropbox'
    }

    It 'refuses a refresh token presented by another app' {
        $other = New-TestOAuthApp
        { Connect-Dropbox -AppKey $other -RefreshToken $Tokens.refresh_token -ApiEndpoint $Emulator.BaseUrl -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.InvalidGrant,*'
    }

    It 'refuses an unknown app key with InvalidClient' {
        { Connect-Dropbox -AppKey 'no-such-app' -RefreshToken $Tokens.refresh_token -ApiEndpoint $Emulator.BaseUrl -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.InvalidClient,*'
    }
}

Describe 'Expiring access tokens' {
    BeforeEach { $script:Tokens = New-TestRefreshToken -AppKey $script:App }
    BeforeAll {
        $script:App = New-TestOAuthApp
        $folder = [System.IO.Path]::Combine($TestDrive, 'many')
        foreach ($i in 1..12) { $null = New-TestFile -Path ([System.IO.Path]::Combine($folder, "f$i.bin")) -Size 10 -Seed $i }
        Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $folder; path = '/Many' } | Out-Null
    }
    AfterEach {
        Disconnect-Dropbox -ErrorAction SilentlyContinue
        Invoke-EmulatorAdmin -Method POST -Path token-lifetime -Body @{ seconds = 14400 }
    }

    It 'refreshes once on 401 expired_access_token and replays the call' {
        Connect-Dropbox -AppKey $App -RefreshToken $Tokens.refresh_token -ApiEndpoint $Emulator.BaseUrl
        Invoke-EmulatorAdmin -Method DELETE -Path requests
        (Invoke-EmulatorAdmin -Method POST -Path tokens/expire).expired | Should -BeGreaterThan 0
        (Get-DropboxItem /Many).Name | Should -Be 'Many'
        $calls = @(Get-RequestLog 'files/get_metadata')
        $calls.status -join ',' | Should -Be '401,200'
        @(Get-RequestLog 'oauth2/token' | Where-Object status -EQ 200) | Should -HaveCount 1
    }

    It 'keeps a listing going across several 5-second token lifetimes without an error' {
        Invoke-EmulatorAdmin -Method POST -Path token-lifetime -Body @{ seconds = 5 }
        Connect-Dropbox -AppKey $App -RefreshToken $Tokens.refresh_token -ApiEndpoint $Emulator.BaseUrl
        Invoke-EmulatorAdmin -Method DELETE -Path requests
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $items = @(Get-DropboxChildItem /Many -PageSize 1 -ErrorAction Stop | ForEach-Object { [System.Threading.Thread]::Sleep(700); $_ })
        $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 8
        $items | Should -HaveCount 12
        @(Get-RequestLog 'oauth2/token' | Where-Object status -EQ 200).Count | Should -BeGreaterThan 1
        @(Get-RequestLog 'files/list_folder/continue' | Where-Object status -NE 200) | Should -HaveCount 0
    }

    It 'keeps one Send-DropboxFile going across several 5-second token lifetimes without an error' {
        $files = foreach ($i in 1..10) { New-TestFile -Path ([System.IO.Path]::Combine($TestDrive, 'up', "u$i.bin")) -Size 200KB -Seed $i }
        Invoke-EmulatorAdmin -Method POST -Path token-lifetime -Body @{ seconds = 5 }
        Connect-Dropbox -AppKey $App -RefreshToken $Tokens.refresh_token -ApiEndpoint $Emulator.BaseUrl
        Invoke-EmulatorAdmin -Method DELETE -Path requests
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        # 2,000 KB at 150 KB/s: one command that runs for about 13 s, through more than two token lifetimes. One file at a
        # time, so that requests start all through it (ten files at once would all start with the first token).
        $sent = @($files | Send-DropboxFile -Destination /Up/ -MaxTransferRate 150KB -ThrottleLimit 1 -PassThru -ErrorAction Stop)
        $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 10
        $sent | Should -HaveCount 10
        ($sent | Where-Object Length -EQ 200KB) | Should -HaveCount 10
        $uploads = @(Invoke-EmulatorAdmin -Method GET -Path requests | Where-Object route -Like 'files/upload*')
        $uploads | Should -Not -BeNullOrEmpty
        # A request that meets the token's expiry on the way is refused (401) and sent again once the token is refreshed.
        foreach ($refused in @($uploads | Where-Object status -NE 200)) {
            $refused.status | Should -Be 401
            @($uploads | Where-Object { $_.route -eq $refused.route -and $_.seq -gt $refused.seq -and $_.status -eq 200 }) |
                Should -Not -BeNullOrEmpty -Because "$($refused.route) refused with 401 must succeed when sent again"
        }
        @(Get-RequestLog 'oauth2/token' | Where-Object status -EQ 200).Count | Should -BeGreaterThan 1
    }
}

Describe 'Stored profiles (-Scope CurrentUser)' {
    BeforeAll {
        $global:PSDropboxProfilePath = [System.IO.Path]::Combine($TestDrive, 'config', 'profiles')
        $script:App = New-TestOAuthApp
        $script:Tokens = New-TestRefreshToken -AppKey $script:App
        $script:ProfileFile = [System.IO.Path]::Combine($global:PSDropboxProfilePath, 'work.json')
    }
    AfterAll { $global:PSDropboxProfilePath = $null }

    It 'stores the sign-in under the profile name in an owner-only file (mode 0600, folder 0700)' {
        $c = Connect-Dropbox -AppKey $App -RefreshToken $Tokens.refresh_token -ApiEndpoint $Emulator.BaseUrl -Name work -Scope CurrentUser -PassThru
        $c.Profile | Should -Be 'work'
        [System.IO.FileInfo]::new($ProfileFile).Length | Should -BeGreaterThan 0
        Get-UnixMode $ProfileFile | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite')
        Get-UnixMode $global:PSDropboxProfilePath | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute')
    }

    It 'lists stored profiles without any secret' {
        $profiles = @(Get-DropboxProfile)
        $profiles | Should -HaveCount 1
        $p = $profiles[0]
        $p | Should -BeOfType ([PSDropbox.DropboxProfile])
        $p.Name | Should -Be 'work'
        $p.Email | Should -Be 'user@emulator.local'
        $p.AppKey | Should -Be $App
        $p.Endpoint | Should -Be $Emulator.BaseUrl
        $p.Path | Should -Be $ProfileFile
        $text = ($p.psobject.Properties | ForEach-Object { "$($_.Value)" }) -join ' '
        $text | Should -Not -Match ([regex]::Escape($Tokens.refresh_token))
        $text | Should -Not -Match 'sl\.'
    }

    It 'reports a profile name that is not stored' {
        $record = { Get-DropboxProfile -Name nosuch -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.ProfileNotFound,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        @(Get-DropboxProfile -Name 'w*') | Should -HaveCount 1
    }

    It 'connects later from the stored profile by name alone, without a new sign-in' {
        Invoke-EmulatorAdmin -Method DELETE -Path requests
        $c = Connect-Dropbox -Name work -PassThru
        $c.AuthenticationType | Should -Be 'Profile'
        $c.Endpoint | Should -Be $Emulator.BaseUrl
        (Get-DropboxAccount).Email | Should -Be 'user@emulator.local'
        @(Get-RequestLog 'oauth2/token') | Should -HaveCount 0 -Because 'the stored access token is still valid'
    }

    It 'writes a refreshed access token back to the profile atomically' {
        $before = [System.IO.File]::ReadAllText($ProfileFile)
        Invoke-EmulatorAdmin -Method POST -Path tokens/expire | Out-Null
        (Get-DropboxAccount).Email | Should -Be 'user@emulator.local'
        $after = [System.IO.File]::ReadAllText($ProfileFile)
        $after | Should -Not -Be $before
        ($after | ConvertFrom-Json).refresh_token | Should -Be $Tokens.refresh_token
        Get-UnixMode $ProfileFile | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite')
        @([System.IO.Directory]::GetFiles($global:PSDropboxProfilePath, '*.tmp')) | Should -HaveCount 0
    }

    It 'fails with ProfileNotFound for a name that was never stored' {
        $record = { Connect-Dropbox -Name nosuch -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.ProfileNotFound,*' -PassThru
        $record.ToString() | Should -Match 'Get-DropboxProfile'
    }

    It 'refuses a profile name that could escape the profile folder' {
        { Connect-Dropbox -AppKey $App -RefreshToken $Tokens.refresh_token -ApiEndpoint $Emulator.BaseUrl -Name '../evil' -Scope CurrentUser -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.InvalidArgument,*'
    }

    It 'Disconnect-Dropbox revokes at the emulator, deletes the profile and clears the session' {
        Connect-Dropbox -Name work
        Disconnect-Dropbox
        [System.IO.Directory]::GetFileSystemEntries($global:PSDropboxProfilePath) | Should -HaveCount 0
        @(Get-DropboxProfile) | Should -HaveCount 0
        $r = Invoke-TestTokenEndpoint -Form @{ grant_type = 'refresh_token'; refresh_token = $Tokens.refresh_token; client_id = $App }
        $r.Status | Should -Be 400
        $r.Body.error | Should -Be 'invalid_grant'
        { Get-DropboxItem /Many -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.NotConnected,*'
    }

    It 'Disconnect-Dropbox -Name removes another stored profile (revoked too) and keeps the current connection' {
        $other = New-TestRefreshToken -AppKey $App
        Connect-Dropbox -AppKey $App -RefreshToken $other.refresh_token -ApiEndpoint $Emulator.BaseUrl -Name spare -Scope CurrentUser
        Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint $Emulator.BaseUrl
        Disconnect-Dropbox -Name spare
        [System.IO.File]::Exists([System.IO.Path]::Combine($global:PSDropboxProfilePath, 'spare.json')) | Should -BeFalse
        (Invoke-TestTokenEndpoint -Form @{ grant_type = 'refresh_token'; refresh_token = $other.refresh_token; client_id = $App }).Body.error | Should -Be 'invalid_grant'
        (Get-DropboxAccount).Email | Should -Be 'user@emulator.local'
        Disconnect-Dropbox
    }

    It 'Disconnect-Dropbox does not revoke a token passed in with -AccessToken' {
        Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint $Emulator.BaseUrl
        Disconnect-Dropbox
        Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint $Emulator.BaseUrl
        (Get-DropboxAccount).Email | Should -Be 'user@emulator.local'
        Disconnect-Dropbox
    }
}

Describe 'Hosts that cannot prompt' {
    BeforeAll {
        $script:App = New-TestOAuthApp -RedirectUri 'http://127.0.0.1:53682/'
        $script:ModulePath = [System.IO.Path]::Combine((Get-Module PSDropbox).ModuleBase, 'PSDropbox.psd1')
    }

    It 'fails at once with NonInteractiveHost in a host without a user interface (<Flow>)' -ForEach @(
        @{ Flow = 'browser'; Extra = '-TimeoutSec 60' }
        @{ Flow = 'paste-code'; Extra = '-UseCodeFlow' }
    ) {
        $ps = [powershell]::Create([initialsessionstate]::CreateDefault2())
        try {
            $null = $ps.AddScript("Import-Module '$ModulePath'; Connect-Dropbox -AppKey '$App' -ApiEndpoint '$($Emulator.BaseUrl)' $Extra")
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $caught = $null
            try { $null = $ps.Invoke() } catch { $caught = $_.Exception }
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
            $record = if ($ps.Streams.Error.Count) { $ps.Streams.Error[0] }
            for ($e = $caught; $e -and -not $record; $e = $e.InnerException) {
                if ($e -is [System.Management.Automation.IContainsErrorRecord] -and "$($e.ErrorRecord.FullyQualifiedErrorId)" -like 'PSDropbox.*') { $record = $e.ErrorRecord }
            }
            $record.FullyQualifiedErrorId | Should -BeLike 'PSDropbox.NonInteractiveHost*'
            $record.CategoryInfo.Category | Should -Be 'InvalidOperation'
            "$record" | Should -Match 'Connect-Dropbox -Name'
        }
        finally { $ps.Dispose() }
    }

    It 'fails with NonInteractiveHost when the host throws on ReadLine in the paste-code flow' {
        # A host with a user interface that cannot read (like an automation service's), in a pwsh started without
        # -NonInteractive: only the host's refusal stops the prompt.
        $command = @'
Add-Type -TypeDefinition @"
using System; using System.Collections.Generic; using System.Collections.ObjectModel; using System.Globalization;
using System.Management.Automation; using System.Management.Automation.Host; using System.Security;
public sealed class NoReadHost : PSHost {
    readonly NoReadUI _ui = new NoReadUI();
    public override string Name => "NoReadHost"; public override Version Version => new Version(1, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid(); public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture; public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override void SetShouldExit(int exitCode) { } public override void EnterNestedPrompt() { } public override void ExitNestedPrompt() { }
    public override void NotifyBeginApplication() { } public override void NotifyEndApplication() { }
}
public sealed class NoReadUI : PSHostUserInterface {
    static Exception No() => new PSInvalidOperationException("This host cannot read input.");
    public override PSHostRawUserInterface RawUI => null;
    public override string ReadLine() => throw No(); public override SecureString ReadLineAsSecureString() => throw No();
    public override Dictionary<string, PSObject> Prompt(string c, string m, Collection<FieldDescription> d) => throw No();
    public override PSCredential PromptForCredential(string c, string m, string u, string t) => throw No();
    public override PSCredential PromptForCredential(string c, string m, string u, string t, PSCredentialTypes a, PSCredentialUIOptions o) => throw No();
    public override int PromptForChoice(string c, string m, Collection<ChoiceDescription> ch, int d) => throw No();
    public override void Write(string v) { } public override void Write(ConsoleColor f, ConsoleColor b, string v) { } public override void WriteLine(string v) { }
    public override void WriteErrorLine(string v) { } public override void WriteDebugLine(string m) { } public override void WriteProgress(long s, ProgressRecord r) { }
    public override void WriteVerboseLine(string m) { } public override void WriteWarningLine(string m) { }
}
"@
$runspace = [runspacefactory]::CreateRunspace([NoReadHost]::new(), [initialsessionstate]::CreateDefault2())
$runspace.Open()
$ps = [powershell]::Create(); $ps.Runspace = $runspace
$null = $ps.AddScript("Import-Module 'MODULE'; Connect-Dropbox -AppKey 'APP' -UseCodeFlow -ApiEndpoint 'ENDPOINT'")
$null = $ps.Invoke()
$record = $ps.Streams.Error[0]
"$($record.FullyQualifiedErrorId)", "$($record.CategoryInfo.Category)", "$record"
'@.Replace('MODULE', $ModulePath).Replace('APP', $App).Replace('ENDPOINT', $Emulator.BaseUrl)
        $process = [System.Diagnostics.Process]::Start((New-PwshStartInfo -Command $command))
        $output = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        $id, $category, $message = $output -split '\r?\n' | Where-Object { $_ }
        $id | Should -Be 'PSDropbox.NonInteractiveHost,PSDropbox.Commands.ConnectDropboxCommand' -Because $process.StandardError.ReadToEnd()
        $category | Should -Be 'InvalidOperation'
        $message | Should -Match 'cannot read input \(This host cannot read input\.\)'
    }
}

Describe 'Secrets stay secret' {
    It 'never shows refresh or access tokens in output, verbose, debug, warnings, errors, profiles or ToString' {
        $global:PSDropboxProfilePath = [System.IO.Path]::Combine($TestDrive, 'secret-profiles')
        $app = New-TestOAuthApp
        $tokens = New-TestRefreshToken -AppKey $app
        $everything = & {
            $c = Connect-Dropbox -AppKey $app -RefreshToken $tokens.refresh_token -ApiEndpoint $Emulator.BaseUrl -Name s -Scope CurrentUser -PassThru -Verbose -Debug
            $c
            $c.ToString()
            $c.psobject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }
            Get-DropboxProfile -Verbose | ForEach-Object { $_; $_.ToString(); $_.psobject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" } }
            Invoke-EmulatorAdmin -Method POST -Path tokens/expire | Out-Null
            Get-DropboxAccount -Verbose -Debug
            Get-DropboxItem /does-not-exist -Verbose -Debug -ErrorAction Continue
            try { Connect-Dropbox -AppKey $app -RefreshToken ($tokens.refresh_token + 'x') -ApiEndpoint $Emulator.BaseUrl -Verbose -ErrorAction Stop } catch { $_ }
            Disconnect-Dropbox -Verbose -Debug
        } *>&1
        $global:PSDropboxProfilePath = $null
        $text = ($everything | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { "$_ $($_.Exception)" } else { "$_" } }) -join "`n"
        $text | Should -Match 'oauth2/token -> 200'
        $text | Should -Match 'invalid_grant'
        $text | Should -Not -Match ([regex]::Escape($tokens.refresh_token))
        $text | Should -Not -Match ([regex]::Escape($tokens.access_token))
        $text | Should -Not -Match 'sl\.[A-Za-z0-9_-]{20}'
        $text | Should -Not -Match 'Bearer'
    }
}
