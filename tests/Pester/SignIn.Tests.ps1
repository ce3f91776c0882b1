# Browser and paste-code sign-in, end to end: Connect-Dropbox opens "the system browser" through $BROWSER, which here
# is tests/BrowserDriver (headless Chromium via Playwright) clicking Allow or Cancel on the emulator's authorize page.
# $BROWSER is process-wide, so every test that needs it lives in this one file (its tests run one after another).
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1

    function Find-Built([string[]]$Parts) {
        $candidates = @('Release', 'Debug') | ForEach-Object { [System.IO.Path]::Combine([string[]](@($script:RepoRoot) + $Parts[0..($Parts.Count - 2)] + @('bin', $_, 'net10.0', $Parts[-1]))) }
        $found = @($candidates | Where-Object { [System.IO.File]::Exists($_) })
        if (-not $found) { throw "Not built: $($candidates -join ', '). Run 'dotnet build -c Release'." }
        $found[0]
    }
    $script:Driver = Find-Built @('tests', 'BrowserDriver', 'PSDropbox.Tests.BrowserDriver.dll')
    $script:ModulePath = [System.IO.Path]::Combine((Get-Module PSDropbox).ModuleBase, 'PSDropbox.psd1')
    $script:SavedBrowser = $env:BROWSER

    function Set-TestBrowser([string]$Click) { $env:BROWSER = "dotnet '$script:Driver' --click $Click" }

    function Wait-Listening([int]$Port) {
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ([DateTime]::UtcNow -lt $deadline) {
            $client = [System.Net.Sockets.TcpClient]::new()
            try { $client.Connect('127.0.0.1', $Port); return } catch { [System.Threading.Thread]::Sleep(100) } finally { $client.Dispose() }
        }
        throw "Nothing listened on 127.0.0.1:$Port within 60 s."
    }

    # Connect-Dropbox running in a second runspace of this host, so the test can poke its listener meanwhile.
    function Start-BackgroundConnect([string]$Arguments) {
        $rs = [runspacefactory]::CreateRunspace($Host, [initialsessionstate]::CreateDefault2())
        $rs.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $rs
        $null = $ps.AddScript("Import-Module '$script:ModulePath'; Connect-Dropbox $Arguments -ErrorAction Stop")
        [pscustomobject]@{ PowerShell = $ps; Runspace = $rs; Handle = $ps.BeginInvoke() }
    }

    function Stop-BackgroundConnect($Job) {
        $Job.PowerShell.Dispose()
        $Job.Runspace.Dispose()
    }

    # The ErrorRecord the background Connect-Dropbox ended with.
    function Receive-BackgroundError($Job) {
        $caught = $null
        try { $null = $Job.PowerShell.EndInvoke($Job.Handle) } catch { $caught = $_.Exception }
        if ($Job.PowerShell.Streams.Error.Count) { return $Job.PowerShell.Streams.Error[0] }
        for ($e = $caught; $e; $e = $e.InnerException) {
            if ($e -is [System.Management.Automation.IContainsErrorRecord] -and "$($e.ErrorRecord.FullyQualifiedErrorId)" -like 'PSDropbox.*') { return $e.ErrorRecord }
        }
        throw "The background Connect-Dropbox did not fail with a PSDropbox error: $caught"
    }
}

AfterAll { $env:BROWSER = $script:SavedBrowser }

Describe 'Sign-in in a real browser' {
    AfterEach { Disconnect-Dropbox -ErrorAction SilentlyContinue }

    It 'Allow in the browser connects with the code received on the loopback listener, and the connection works' {
        $port = Get-FreeTcpPort
        $app = New-TestOAuthApp -RedirectUri "http://127.0.0.1:$port/"
        Set-TestBrowser allow
        Invoke-EmulatorAdmin -Method DELETE -Path requests
        $c = Connect-Dropbox -AppKey $app -Port $port -ApiEndpoint $Emulator.BaseUrl -TimeoutSec 180 -PassThru
        $c.AuthenticationType | Should -Be 'Interactive'
        (Get-DropboxAccount).Email | Should -Be 'user@emulator.local'
        @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = 'oauth2/authorize' }).status -join ',' | Should -Be '200,302'
        @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = 'oauth2/token' }).status | Should -Be 200
    }

    It 'Cancel in the browser fails with a clear SignInCancelled error' {
        $port = Get-FreeTcpPort
        $app = New-TestOAuthApp -RedirectUri "http://127.0.0.1:$port/"
        Set-TestBrowser cancel
        $record = { Connect-Dropbox -AppKey $app -Port $port -ApiEndpoint $Emulator.BaseUrl -TimeoutSec 180 -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.SignInCancelled,*' -PassThru
        $record.ToString() | Should -Match 'cancelled in the browser'
        { Get-DropboxAccount -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.NotConnected,*'
    }

    It 'the paste-code flow in a pwsh console reads the code the authorize page shows' {
        $app = New-TestOAuthApp
        $psi = New-PwshStartInfo -Command "Import-Module '$ModulePath'; Connect-Dropbox -AppKey $app -UseCodeFlow -ApiEndpoint $($Emulator.BaseUrl); (Get-DropboxAccount).Email"
        $shell = [System.Diagnostics.Process]::Start($psi)
        try {
            $errors = $shell.StandardError.ReadToEndAsync()
            $url = $null
            while (-not $url) {
                $line = $shell.StandardOutput.ReadLineAsync()
                if (-not $line.Wait(120000) -or $null -eq $line.Result) { throw "pwsh printed no sign-in address: $($errors.Result)" }
                if ($line.Result -match '^http\S+/oauth2/authorize\?\S+$') { $url = $line.Result }
            }
            $url | Should -Not -Match 'redirect_uri'
            $url | Should -Match 'code_challenge_method=S256'

            $read = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
            foreach ($a in @($Driver, '--click', 'allow', '--read-code', $url)) { $read.ArgumentList.Add($a) }
            $read.UseShellExecute = $false
            $read.RedirectStandardOutput = $true
            $browser = [System.Diagnostics.Process]::Start($read)
            $code = $browser.StandardOutput.ReadToEnd().Trim()
            $browser.WaitForExit()
            $code | Should -Match '^[A-Za-z0-9_-]{40,}$'

            $shell.StandardInput.WriteLine($code)
            $shell.StandardInput.Close()
            $rest = $shell.StandardOutput.ReadToEndAsync()
            Wait-Finished $shell 120000 'The pwsh that signs in with the pasted code'
            $shell.ExitCode | Should -Be 0 -Because $errors.Result
            $rest.Result | Should -Match 'user@emulator\.local'
        }
        finally {
            if (-not $shell.HasExited) { $shell.Kill($true) }
            $shell.Dispose()
        }
    }
}

Describe 'The loopback listener' {
    BeforeAll { $env:BROWSER = 'true' }  # "opens" the page and does nothing: the test plays the browser

    It 'listens on 127.0.0.1 only and refuses a redirect with a wrong state' {
        $port = Get-FreeTcpPort
        $app = New-TestOAuthApp -RedirectUri "http://127.0.0.1:$port/"
        Invoke-EmulatorAdmin -Method DELETE -Path requests
        $job = Start-BackgroundConnect "-AppKey $app -Port $port -ApiEndpoint $($Emulator.BaseUrl) -TimeoutSec 120"
        try {
            Wait-Listening $port
            $hex = ':' + $port.ToString('X4')
            $listening = @(([System.IO.File]::ReadAllLines('/proc/net/tcp') + [System.IO.File]::ReadAllLines('/proc/net/tcp6')) |
                ForEach-Object { , ($_.Trim() -split '\s+') } | Where-Object { $_[1].EndsWith($hex) -and $_[3] -eq '0A' } | ForEach-Object { $_[1] })
            $listening -join "," | Should -Be "0100007F$hex"

            $http = [System.Net.Http.HttpClient]::new()
            $answer = $http.GetAsync("http://127.0.0.1:$port/?code=stolen-code&state=forged").GetAwaiter().GetResult()
            $http.Dispose()
            [int]$answer.StatusCode | Should -Be 400

            $record = Receive-BackgroundError $job
            $record.FullyQualifiedErrorId | Should -BeLike 'PSDropbox.SignInStateMismatch*'
            $record.CategoryInfo.Category | Should -Be 'SecurityError'
            @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = 'oauth2/token' }) | Should -HaveCount 0 -Because 'the forged code is never exchanged'
        }
        finally { Stop-BackgroundConnect $job }
    }

    It 'stops waiting at once on Ctrl+C and frees the port' {
        $port = Get-FreeTcpPort
        $app = New-TestOAuthApp -RedirectUri "http://127.0.0.1:$port/"
        $job = Start-BackgroundConnect "-AppKey $app -Port $port -ApiEndpoint $($Emulator.BaseUrl) -TimeoutSec 120"
        try {
            Wait-Listening $port
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $job.PowerShell.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
            $job.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $port)
            { $listener.Start() } | Should -Not -Throw
            $listener.Stop()
        }
        finally { Stop-BackgroundConnect $job }
    }

    It 'gives up after -TimeoutSec with SignInTimeout' {
        $port = Get-FreeTcpPort
        $app = New-TestOAuthApp -RedirectUri "http://127.0.0.1:$port/"
        $record = { Connect-Dropbox -AppKey $app -Port $port -ApiEndpoint $Emulator.BaseUrl -TimeoutSec 1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.SignInTimeout,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'OperationTimeout'
    }

    It 'reports a port that is taken with PortInUse' {
        $taken = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $taken.Start()
        try {
            $port = $taken.LocalEndpoint.Port
            $record = { Connect-Dropbox -AppKey (New-TestOAuthApp) -Port $port -ApiEndpoint $Emulator.BaseUrl -ErrorAction Stop } |
                Should -Throw -ErrorId 'PSDropbox.PortInUse,*' -PassThru
            $record.ToString() | Should -Match '-Port'
        }
        finally { $taken.Stop() }
    }
}
