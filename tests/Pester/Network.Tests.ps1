BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Add-Type -Path (Join-Path $PSScriptRoot 'Assets/CountingProxy.cs')
    $script:EmulatorAuthority = ([uri]$Emulator.BaseUrl).Authority

    function Connect-Emulator {
        <# Connect-Emulator with more parameters. #>
        Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint $Emulator.BaseUrl @args
    }

    function Invoke-Calls {
        <# A few calls of each style (RPC, upload, download) through the current connection. #>
        New-DropboxFolder /Net -Force | Out-Null
        $file = New-TestFile -Path (Join-Path $TestDrive 'net.bin') -Size 1000 -Seed 3
        Send-DropboxFile -LiteralPath $file.FullName -Destination /Net/net.bin -Mode Overwrite | Out-Null
        Receive-DropboxFile /Net/net.bin -Destination (Join-Path $TestDrive 'back.bin') -Force | Out-Null
        Get-DropboxItem /Net/net.bin
    }
}

AfterAll {
    Invoke-EmulatorAdmin -Method DELETE -Path faults | Out-Null
}

Describe 'Proxies' {
    AfterEach {
        $env:HTTP_PROXY = $null; $env:http_proxy = $null; $env:NO_PROXY = $null
    }

    It 'with -Proxy every request goes through the proxy: the endpoint itself is an address where nothing listens' {
        $proxy = [PSDropboxTests.CountingProxy]::new($EmulatorAuthority, $null)
        try {
            Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint (Get-RefusingEndpoint) -Proxy $proxy.Url
            (Invoke-Calls).Length | Should -Be 1000
            $proxy.Requests | Should -BeGreaterOrEqual 5   # get_current_account, create_folder, upload, download, get_metadata
        }
        finally { $proxy.Dispose() }
    }

    It 'without -Proxy (and no proxy variable) no request goes through it' {
        $proxy = [PSDropboxTests.CountingProxy]::new($EmulatorAuthority, $null)
        try {
            Connect-Emulator | Out-Null
            Invoke-Calls | Out-Null
            $proxy.Requests | Should -Be 0
        }
        finally { $proxy.Dispose() }
    }

    It 'follows HTTP_PROXY set in the session, skips it for NO_PROXY hosts and with -NoProxy' {
        $proxy = [PSDropboxTests.CountingProxy]::new($EmulatorAuthority, $null)
        try {
            $env:http_proxy = $proxy.Url
            Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint (Get-RefusingEndpoint)
            (Invoke-Calls).Length | Should -Be 1000
            $followed = $proxy.Requests
            $followed | Should -BeGreaterOrEqual 5

            Connect-Emulator -NoProxy | Out-Null
            Invoke-Calls | Out-Null
            $proxy.Requests | Should -Be $followed

            $env:NO_PROXY = '127.0.0.1'
            Connect-Emulator | Out-Null
            Invoke-Calls | Out-Null
            $proxy.Requests | Should -Be $followed
        }
        finally { $proxy.Dispose() }
    }

    It 'follows HTTPS_PROXY to Dropbox''s own https hosts (through the emulator''s TLS proxy, in a new pwsh)' {
        $tlsPort = Get-FreeTcpPort
        $tls = Start-DropboxEmulator -AccessToken $Emulator.AccessToken -ArgumentList '--tls-proxy-port', $tlsPort
        try {
            $psi = New-PwshStartInfo -Command (
                "Import-Module '$(Join-Path $PSScriptRoot '../../out/PSDropbox/PSDropbox.psd1')' -ErrorAction Stop; " +
                "Connect-Dropbox -AccessToken '$($Emulator.AccessToken)' -ConnectionTimeoutSeconds 10 -ErrorAction Stop; (Get-DropboxAccount).Email")
            $psi.Environment['HTTPS_PROXY'] = "http://127.0.0.1:$tlsPort"
            $psi.Environment['SSL_CERT_FILE'] = Join-Path $tls.DataPath 'tls/ca.pem'
            $child = [System.Diagnostics.Process]::Start($psi)
            $child.StandardInput.Close()
            $errors = $child.StandardError.ReadToEndAsync()
            $output = $child.StandardOutput.ReadToEnd()
            Wait-Finished $child 60000 'The pwsh that connects through the TLS proxy'
            $output.Trim() | Should -Be 'user@emulator.local' -Because $errors.Result
            # This emulator is api.dropboxapi.com only behind its TLS proxy: its log proves the calls came that way.
            @(Invoke-RestMethod "$($tls.BaseUrl)/_emulator/requests" | ForEach-Object { $_ } | Where-Object route -Like 'users/*') | Should -Not -BeNullOrEmpty
        }
        finally { $tls | Stop-DropboxEmulator }
    }

    It 'a proxy that wants credentials is a clear error (407, not retried); -ProxyCredential gets through' {
        $proxy = [PSDropboxTests.CountingProxy]::new($EmulatorAuthority, 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes('proxyuser:proxy pass')))
        try {
            $record = { Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint (Get-RefusingEndpoint) -Proxy $proxy.Url -ErrorAction Stop } |
                Should -Throw -ErrorId 'PSDropbox.ProxyAuthenticationRequired,*' -PassThru
            $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
            "$record" | Should -Match '-ProxyCredential'
            $proxy.Refused | Should -Be 1 -Because 'a 407 is not retried'

            $credential = [pscredential]::new('proxyuser', (ConvertTo-SecureString 'proxy pass' -AsPlainText -Force))
            Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint (Get-RefusingEndpoint) -Proxy $proxy.Url -ProxyCredential $credential
            (Invoke-Calls).Length | Should -Be 1000
            $proxy.Requests | Should -BeGreaterOrEqual 5
        }
        finally { $proxy.Dispose() }
    }

    It 'refuses a proxy that is not an http(s) address, and contradicting switches' {
        { Connect-Emulator -Proxy 'ftp://proxy:21' -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.InvalidArgument,*'
        { Connect-Emulator -Proxy 'http://proxy:3128' -NoProxy -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.InvalidArgument,*'
        $credential = [pscredential]::new('u', (ConvertTo-SecureString 'p' -AsPlainText -Force))
        { Connect-Emulator -ProxyCredential $credential -ProxyUseDefaultCredentials -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.InvalidArgument,*'
    }
}

Describe 'Timeouts and retries' {
    AfterEach { Invoke-EmulatorAdmin -Method DELETE -Path faults | Out-Null }

    It 'a server that takes the request and never answers ends with PSDropbox.Timeout after -OperationTimeoutSeconds per attempt' {
        Invoke-EmulatorAdmin -Method POST -Path faults -Body @{ spec = 'stall=1,stallat=answer,routes=users/get_current_account' } | Out-Null
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $record = { Connect-Emulator -OperationTimeoutSeconds 1 -MaximumRetryCount 2 -RetryIntervalSec 1 -WarningAction SilentlyContinue -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.Timeout,*' -PassThru
        $watch.Stop()
        "3 attempts of 1 s: ended after $([int]$watch.Elapsed.TotalMilliseconds) ms" | Out-Default
        $record.CategoryInfo.Category | Should -Be 'OperationTimeout'
        "$record" | Should -Match 'users/get_current_account'
        "$record" | Should -Match 'OperationTimeoutSeconds'
        $record.Exception.Kind | Should -Be 'Timeout'
        @(Invoke-EmulatorAdmin -Path requests -Query @{ route = 'users/get_current_account' }).Count | Should -BeGreaterOrEqual 2
        $watch.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 3
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
    }

    It 'a download whose body stalls continues from the bytes on disk and completes' {
        Connect-Emulator -OperationTimeoutSeconds 2 | Out-Null
        $file = New-TestFile -Path (Join-Path $TestDrive 'stall.bin') -Size (2MB + 7) -Seed 8
        Send-DropboxFile -LiteralPath $file.FullName -Destination /Net/stall.bin -Mode Overwrite | Out-Null
        Invoke-EmulatorAdmin -Method POST -Path faults -Body @{ spec = 'stall=1,stallat=body,count=1,routes=files/download' } | Out-Null
        $target = Join-Path $TestDrive 'stall-back.bin'
        Receive-DropboxFile /Net/stall.bin -Destination $target -WarningAction SilentlyContinue | Out-Null
        Get-ContentHash $target | Should -BeExactly (Get-ContentHash $file.FullName)
        $downloads = @(Invoke-EmulatorAdmin -Path requests -Query @{ route = 'files/download' })
        @($downloads | Where-Object { $_.PSObject.Properties['fault'] -and $_.fault -eq 'stall-body' }) | Should -HaveCount 1
        @($downloads | Where-Object { $_.PSObject.Properties['range'] -and $_.range -match '^bytes=[1-9]\d*-$' }) | Should -HaveCount 1 -Because 'the second request continued from the bytes on disk'
    }

    It 'per command: Receive-DropboxFile -OperationTimeoutSeconds overrides the connection''s limit' {
        Connect-Emulator | Out-Null   # 5 minutes by default
        Invoke-EmulatorAdmin -Method POST -Path faults -Body @{ spec = 'stall=1,stallat=answer,count=1,routes=files/download' } | Out-Null
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        Receive-DropboxFile /Net/stall.bin -Destination (Join-Path $TestDrive 'override.bin') -OperationTimeoutSeconds 1 -WarningVariable warned -WarningAction SilentlyContinue | Out-Null
        $watch.Stop()
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
        "$($warned[0])" | Should -Match 'files/download: No answer came within 1 s'
    }
}

Describe 'Transfer rate' {
    It '-MaxTransferRate holds an upload and a download to the rate (lower bound only: performance is measured in bench/)' {
        # The limiter allows a burst of one second's worth, so N bytes at R bytes/s take at least (N - R) / R seconds.
        $file = New-TestFile -Path (Join-Path $TestDrive 'paced.bin') -Size 2MB -Seed 9
        Connect-Emulator -MaxTransferRate 512KB | Out-Null
        $up = Measure-Command { Send-DropboxFile -LiteralPath $file.FullName -Destination /Net/paced.bin -Mode Overwrite | Out-Null }
        $up.TotalSeconds | Should -BeGreaterThan 2.8
        Connect-Emulator | Out-Null
        $down = Measure-Command { Receive-DropboxFile /Net/paced.bin -Destination (Join-Path $TestDrive 'paced-back.bin') -MaxTransferRate 512KB | Out-Null }
        $down.TotalSeconds | Should -BeGreaterThan 2.8
        "2 MiB up at 512 KiB/s: $([int]$up.TotalMilliseconds) ms; down at 512 KiB/s: $([int]$down.TotalMilliseconds) ms" | Out-Default
    }
}

Describe 'Stored profiles keep the network settings' {
    BeforeAll {
        $global:PSDropboxProfilePath = [System.IO.Path]::Combine($TestDrive, 'config', 'profiles')
        $script:App = New-TestOAuthApp
        $script:Tokens = New-TestRefreshToken -AppKey $script:App
    }
    AfterAll { $global:PSDropboxProfilePath = $null }

    It 'a profile saved with a proxy and its credentials, timeouts, retries and a rate connects through them again; no secret shows' {
        $proxy = [PSDropboxTests.CountingProxy]::new($EmulatorAuthority, 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes('keeper:s3cret-proxy')))
        try {
            $credential = [pscredential]::new('keeper', (ConvertTo-SecureString 's3cret-proxy' -AsPlainText -Force))
            Connect-Dropbox -AppKey $App -RefreshToken $Tokens.refresh_token -ApiEndpoint (Get-RefusingEndpoint) -Name net -Scope CurrentUser `
                -Proxy $proxy.Url -ProxyCredential $credential -ConnectionTimeoutSeconds 20 -OperationTimeoutSeconds 120 -MaximumRetryCount 3 -RetryIntervalSec 2 -MaxTransferRate 50MB
            $first = $proxy.Requests
            $first | Should -BeGreaterOrEqual 2   # token refresh + get_current_account

            Connect-Dropbox -Name net
            Get-DropboxItem / | Out-Null
            $proxy.Requests | Should -BeGreaterThan $first

            $stored = Get-Content -Raw ([System.IO.Path]::Combine($global:PSDropboxProfilePath, 'net.json')) | ConvertFrom-Json
            $stored.operation_timeout_seconds | Should -Be 120
            $stored.connection_timeout_seconds | Should -Be 20
            $stored.maximum_retry_count | Should -Be 3
            $stored.retry_interval_seconds | Should -Be 2
            $stored.max_transfer_rate | Should -Be 50MB
            $stored.proxy | Should -Be "$($proxy.Url)/"
            $shown = (Get-DropboxProfile -Name net | Format-List * | Out-String) + (Get-DropboxConnection | Format-List * | Out-String)
            $shown | Should -Not -Match 's3cret-proxy'
        }
        finally { $proxy.Dispose() }
    }
}
