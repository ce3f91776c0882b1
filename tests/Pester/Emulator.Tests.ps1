# Start-DropboxEmulator / Stop-DropboxEmulator (out/PSDropbox.Emulator): the emulator as a fixture users start from
# their own tests. TestHelpers uses them for every file; this file checks their contract.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $script:EmulatorModule = Join-Path $RepoRoot 'out/PSDropbox.Emulator/PSDropbox.Emulator.psd1'

    function Wait-ProcessExit([int]$Id, [int]$Seconds = 30) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while ((Get-Process -Id $Id -ErrorAction Ignore) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        -not (Get-Process -Id $Id -ErrorAction Ignore)
    }

    # Runs a command in another pwsh; returns its exit code, output and errors.
    function Invoke-Pwsh([string]$Command) {
        $process = [System.Diagnostics.Process]::Start((New-PwshStartInfo -Command $Command))
        try {
            $errors = $process.StandardError.ReadToEndAsync()
            $output = $process.StandardOutput.ReadToEnd()
            Wait-Finished $process 120000 "pwsh -Command '$Command'"
            [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $output; Errors = $errors.Result }
        }
        finally { $process.Dispose() }
    }
}

Describe 'Start-DropboxEmulator' {
    AfterEach { Disconnect-Dropbox -ErrorAction Ignore }

    It 'starts a seeded emulator from a folder relative to the current location; Stop-DropboxEmulator removes its temporary data' {
        New-Item -ItemType Directory -Path (Join-Path $TestDrive 'tree/Docs') -Force | Out-Null
        Set-Content -Path (Join-Path $TestDrive 'tree/Docs/a.txt') -Value 'hello' -NoNewline
        Push-Location $TestDrive
        try { $emulator = Start-DropboxEmulator -Seed tree } finally { Pop-Location }
        try {
            $emulator.BaseUrl | Should -Match '^http://127\.0\.0\.1:\d+$'
            $emulator.Port | Should -Be ([uri]$emulator.BaseUrl).Port
            $emulator.ProcessId | Should -BeGreaterThan 0
            Get-Process -Id $emulator.ProcessId | Should -Not -BeNullOrEmpty
            Get-Item -LiteralPath $emulator.DataPath | Should -BeOfType ([System.IO.DirectoryInfo])
            $emulator.DataPath | Should -Not -BeLike "$TestDrive*"

            Connect-Dropbox -AccessToken $emulator.AccessToken -ApiEndpoint $emulator.BaseUrl
            $item = Get-DropboxItem /Docs/a.txt
            $item.Length | Should -Be 5
            $item.ContentHash | Should -Be (Get-ContentHash (Join-Path $TestDrive 'tree/Docs/a.txt'))
        }
        finally { $emulator | Stop-DropboxEmulator }
        Wait-ProcessExit $emulator.ProcessId 1 | Should -BeTrue -Because 'Stop-DropboxEmulator waits for the process to end'
        Test-Path -LiteralPath $emulator.DataPath | Should -BeFalse
    }

    It 'keeps a -Data folder (relative to the current location) across a stop and a new start' {
        Push-Location $TestDrive
        try { $first = Start-DropboxEmulator -Data state -AccessToken 'keep-token' } finally { Pop-Location }
        $first.DataPath | Should -Be (Join-Path $TestDrive 'state')
        Connect-Dropbox -AccessToken keep-token -ApiEndpoint $first.BaseUrl
        New-DropboxFolder /Kept | Out-Null
        $first | Stop-DropboxEmulator
        Get-Item -LiteralPath (Join-Path $TestDrive 'state') | Should -BeOfType ([System.IO.DirectoryInfo])

        $second = Start-DropboxEmulator -Data (Join-Path $TestDrive 'state') -AccessToken 'keep-token'
        try {
            Connect-Dropbox -AccessToken keep-token -ApiEndpoint $second.BaseUrl
            (Get-DropboxItem /Kept).Path | Should -Be '/Kept'
        }
        finally { Stop-DropboxEmulator -Id $second.ProcessId }
        Get-Item -LiteralPath (Join-Path $TestDrive 'state') | Should -BeOfType ([System.IO.DirectoryInfo]) -Because 'a -Data folder is the user''s'
    }

    It 'passes -Port, -Account, -AppKey, -RedirectUri and -ArgumentList on to the emulator' {
        $port = Get-FreeTcpPort
        $emulator = Start-DropboxEmulator -Port $port -Account 'bob:bob-token', 'eve:eve-token' -AppKey 'fixture-app' `
            -RedirectUri 'http://127.0.0.1:53682/' -ArgumentList '--longpoll-backoff', '7'
        try {
            $emulator.BaseUrl | Should -Be "http://127.0.0.1:$port"
            Connect-Dropbox -AccessToken eve-token -ApiEndpoint $emulator.BaseUrl
            (Get-DropboxAccount).Email | Should -Be 'eve@emulator.local'
            $authorize = Invoke-WebRequest "$($emulator.BaseUrl)/oauth2/authorize?response_type=code&client_id=fixture-app&redirect_uri=http%3A%2F%2F127.0.0.1%3A53682%2F" -SkipHttpErrorCheck
            $authorize.StatusCode | Should -Be 200
            $authorize.Content | Should -Match 'name="consent"'
            (Invoke-RestMethod "$($emulator.BaseUrl)/_emulator/changes").longpoll_backoff_seconds | Should -Be 7
        }
        finally { $emulator | Stop-DropboxEmulator }
    }

    It 'injects -Faults reproducibly with -FaultSeed' {
        $emulator = Start-DropboxEmulator -Faults '503=1' -FaultSeed 42
        try {
            $faults = Invoke-RestMethod "$($emulator.BaseUrl)/_emulator/faults"
            $faults.seed | Should -Be 42
            $faults.spec | Should -Match '503=1'
            $call = Invoke-WebRequest "$($emulator.BaseUrl)/2/users/get_current_account" -Method Post -SkipHttpErrorCheck `
                -Headers @{ Authorization = "Bearer $($emulator.AccessToken)" }
            $call.StatusCode | Should -Be 503
        }
        finally { $emulator | Stop-DropboxEmulator }
    }

    It 'delays every request by -Latency milliseconds' {
        $emulator = Start-DropboxEmulator -Latency 300
        try {
            $call = @{ Uri = "$($emulator.BaseUrl)/2/users/get_current_account"; Method = 'Post'; Body = 'null'; ContentType = 'application/json'
                Headers = @{ Authorization = "Bearer $($emulator.AccessToken)" } }
            $null = Invoke-RestMethod @call
            $took = Measure-Command { $null = Invoke-RestMethod @call }
            $took.TotalMilliseconds | Should -BeGreaterOrEqual 300
        }
        finally { $emulator | Stop-DropboxEmulator }
    }

    It 'serves Dropbox''s own https hostnames through -TlsProxyPort, with the CA to trust' {
        $emulator = Start-DropboxEmulator -TlsProxyPort 0
        try {
            $emulator.TlsProxyUrl | Should -Match '^http://127\.0\.0\.1:\d+$'
            $emulator.TlsProxyUrl | Should -Not -Be $emulator.BaseUrl
            Get-Content -Raw $emulator.TlsCaCertificatePath | Should -Match 'BEGIN CERTIFICATE'
            # The official Python SDK only talks https to Dropbox's hostnames: through the proxy, trusting its CA.
            $psi = [System.Diagnostics.ProcessStartInfo]::new((Test-Path /usr/bin/python3) ? '/usr/bin/python3' : 'python3')  # Debian's python3-dropbox
            foreach ($a in '-c', 'import dropbox, sys; print(dropbox.Dropbox(sys.argv[1]).users_get_current_account().email)', $emulator.AccessToken) {
                $psi.ArgumentList.Add($a)
            }
            $psi.Environment['HTTPS_PROXY'] = $emulator.TlsProxyUrl
            $psi.Environment['REQUESTS_CA_BUNDLE'] = $emulator.TlsCaCertificatePath
            $psi.RedirectStandardOutput = $psi.RedirectStandardError = $true
            $python = [System.Diagnostics.Process]::Start($psi)
            $errors = $python.StandardError.ReadToEndAsync()
            $output = $python.StandardOutput.ReadToEnd()
            $null = $python.WaitForExit(60000)
            $python.ExitCode | Should -Be 0 -Because $errors.Result   # throws when python has not ended within the minute
            $output.Trim() | Should -Be 'user@emulator.local' -Because $errors.Result
        }
        finally { $emulator | Stop-DropboxEmulator }
    }

    It 'starts a team with -Team, -TeamToken and -TeamFolder, and refuses team options without -Team' {
        $emulator = Start-DropboxEmulator -Team Acme -TeamToken 'team-fixture-token' -TeamFolder Sales -Account 'bob:bob-token'
        try {
            $team = Invoke-RestMethod "$($emulator.BaseUrl)/2/team/get_info" -Method Post -Body 'null' -ContentType 'application/json' `
                -Headers @{ Authorization = 'Bearer team-fixture-token' }
            $team.name | Should -Be 'Acme'
            $team.num_provisioned_users | Should -Be 2
        }
        finally { $emulator | Stop-DropboxEmulator }
        { Start-DropboxEmulator -TeamFolder Sales } | Should -Throw -ErrorId 'PSDropbox.Emulator.TeamNeeded,Start-DropboxEmulator'
    }

    It 'shows BaseUrl, ProcessId and DataPath by default, never the token' {
        $text = $Emulator | Out-String
        $text | Should -Match ([regex]::Escape($Emulator.BaseUrl))
        $text | Should -Match "\b$($Emulator.ProcessId)\b"
        $text | Should -Not -Match ([regex]::Escape($Emulator.AccessToken))
        $Emulator.PSObject.TypeNames[0] | Should -Be 'PSDropbox.EmulatorInstance'
    }

    It 'reports a seed folder that does not exist, naming it' {
        $record = { Start-DropboxEmulator -Seed (Join-Path $TestDrive 'no-such-tree') } |
            Should -Throw -ErrorId 'PSDropbox.Emulator.SeedNotFound,Start-DropboxEmulator' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $record.Exception.Message | Should -BeLike "*$(Join-Path $TestDrive 'no-such-tree')*does not exist*"
    }

    It 'reports a port that is in use' {
        $taken = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $taken.Start()
        try {
            $record = { Start-DropboxEmulator -Port $taken.LocalEndpoint.Port } |
                Should -Throw -ErrorId 'PSDropbox.Emulator.PortInUse,Start-DropboxEmulator' -PassThru
            $record.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            $record.Exception.Message | Should -BeLike "Port $($taken.LocalEndpoint.Port) on 127.0.0.1 is already in use*"
        }
        finally { $taken.Stop() }
    }

    It 'reports an emulator that exits at start, with what it printed' {
        $record = { Start-DropboxEmulator -ArgumentList '--no-such-option' } |
            Should -Throw -ErrorId 'PSDropbox.Emulator.StartFailed,Start-DropboxEmulator' -PassThru
        $record.Exception.Message | Should -BeLike "The emulator exited at start (exit code 1):*Unrecognized command or argument '--no-such-option'*"
    }

    It 'reports an emulator that is not built' {
        $copy = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'unbuilt/PSDropbox.Emulator')
        Copy-Item (Join-Path $RepoRoot 'out/PSDropbox.Emulator/*.ps*1') $copy
        Set-Content -Path (Join-Path $copy 'emulator-path.txt') -Value 'nowhere/PSDropbox.Emulator.dll'
        $run = Invoke-Pwsh "Import-Module '$copy'; try { Start-DropboxEmulator } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }"
        $lines = $run.Output -split '\r?\n'
        $lines[0] | Should -Be 'PSDropbox.Emulator.NotBuilt,Start-DropboxEmulator'
        $lines[1] | Should -BeLike "The emulator is not built (missing: $(Join-Path $copy 'nowhere/PSDropbox.Emulator.dll'))*dotnet build*"
    }
}

Describe 'The request log (GET /_emulator/requests)' {
    It 'gives only the requests after a mark with ?after=, and keeps numbering them across a clear' {
        Connect-TestDropbox
        Get-DropboxAccount | Out-Null
        $mark = Get-RequestMark
        $mark | Should -BeGreaterThan 0
        New-DropboxFolder /LogMark -Force | Out-Null
        Get-DropboxItem /LogMark | Out-Null
        $after = @(Get-LoggedRequests -After $mark)
        $after.route | Should -Be @('files/create_folder_v2', 'files/get_metadata')
        $after[0].seq | Should -Be ($mark + 1)
        @(Get-LoggedRequests -After $mark -Route files/get_metadata).route | Should -Be @('files/get_metadata')

        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        Get-DropboxAccount | Out-Null
        $afterClear = @(Get-LoggedRequests)
        $afterClear.route | Should -Not -Contain 'files/get_metadata' -Because 'the log was cleared'
        $afterClear[0].seq | Should -Be ($mark + 3)
    }
}

Describe 'Stop-DropboxEmulator' {
    It 'reports a process id that Start-DropboxEmulator did not start' {
        $record = { Stop-DropboxEmulator -Id $PID -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.Emulator.NotFound,Stop-DropboxEmulator' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $record.TargetObject | Should -Be $PID
        Get-Process -Id $PID | Should -Not -BeNullOrEmpty
    }

    It 'stops an emulator, and removes its temporary data, when the PowerShell session that started it ends' {
        $run = Invoke-Pwsh "Import-Module '$EmulatorModule'; `$e = Start-DropboxEmulator; `"`$(`$e.ProcessId) `$(`$e.DataPath)`""
        $run.ExitCode | Should -Be 0 -Because $run.Errors
        $id, $data = $run.Output.Trim() -split ' ', 2
        Wait-ProcessExit $id 1 | Should -BeTrue -Because 'the session stops it before it exits'
        Test-Path -LiteralPath $data | Should -BeFalse
    }

    It 'leaves no emulator behind when the session that started it is killed' {
        $command = "Import-Module '$EmulatorModule'; `$e = Start-DropboxEmulator; `"`$(`$e.ProcessId) `$(`$e.DataPath)`"; Start-Sleep 300"
        $process = [System.Diagnostics.Process]::Start((New-PwshStartInfo -Command $command))
        try {
            $line = $process.StandardOutput.ReadLineAsync()
            Wait-Finished $line 120000 'The first line of the session that started the emulator'
            $id, $data = $line.Result -split ' ', 2
            Get-Process -Id $id | Should -Not -BeNullOrEmpty
            $process.Kill()
            Wait-ProcessExit $id | Should -BeTrue -Because 'the emulator stops when the standard input its session held closes'
        }
        finally {
            $process.Dispose()
            # A killed session cannot remove its temporary data folder; this test does.
            if ($data) { Remove-Item -LiteralPath $data -Recurse -Force -ErrorAction Ignore }
        }
    }
}

Describe 'The emulator''s command line' {
    It 'takes --data and --seed from the current folder under dotnet run, as the README''s command runs it' {
        $here = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'cli')
        New-Item -ItemType Directory -Path (Join-Path $here 'tree/Docs') | Out-Null
        Set-Content -LiteralPath (Join-Path $here 'tree/Docs/cli.txt') -Value 'seeded' -NoNewline
        $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($a in 'run', '--project', (Join-Path $RepoRoot 'src/PSDropbox.Emulator'), '-c', 'Release', '--no-build', '--',
            '--port', '0', '--data', './emulator-data', '--seed', 'tree', '--access-token', 'cli-token', '--exit-on-stdin-close') { $start.ArgumentList.Add($a) }
        $start.WorkingDirectory = $here.FullName
        $start.RedirectStandardInput = $start.RedirectStandardOutput = $true
        $process = [System.Diagnostics.Process]::Start($start)
        try {
            $line = $process.StandardOutput.ReadLineAsync()
            Wait-Finished $line 120000 'The emulator''s first line'
            $line.Result | Should -Match '^PSDropbox emulator listening on http://127\.0\.0\.1:\d+$'
            $baseUrl = ($line.Result -split ' ')[-1]
            Get-Item -LiteralPath (Join-Path $here 'emulator-data') | Should -BeOfType ([System.IO.DirectoryInfo])
            Test-Path -LiteralPath (Join-Path $RepoRoot 'src/PSDropbox.Emulator/emulator-data') | Should -BeFalse
            $item = Invoke-RestMethod "$baseUrl/2/files/get_metadata" -Method Post -ContentType 'application/json' `
                -Headers @{ Authorization = 'Bearer cli-token' } -Body '{"path":"/Docs/cli.txt"}'
            $item.size | Should -Be 6
        }
        finally {
            $process.StandardInput.Close()
            $process.WaitForExit(30000) | Should -BeTrue -Because '--exit-on-stdin-close stops it when its input closes'
            $process.Dispose()
        }
    }

    It 'refuses a --seed folder that does not exist, naming its full path' {
        $dll = Join-Path (Split-Path (Get-Module PSDropbox.Emulator).Path) (Get-Content (Join-Path $RepoRoot 'out/PSDropbox.Emulator/emulator-path.txt'))
        $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($a in $dll, '--data', 'd', '--seed', 'no-such-tree') { $start.ArgumentList.Add($a) }
        $start.WorkingDirectory = $TestDrive
        $start.RedirectStandardOutput = $start.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($start)
        $errors = $process.StandardError.ReadToEndAsync()
        $null = $process.StandardOutput.ReadToEnd()
        Wait-Finished $process 60000 'The emulator given a missing --seed folder'
        $process.ExitCode | Should -Be 1
        $errors.Result | Should -Match ([regex]::Escape("Seed folder not found: $(Join-Path $TestDrive 'no-such-tree')"))
        Test-Path -LiteralPath (Join-Path $TestDrive 'd') | Should -BeFalse
    }
}

Describe 'The README example' {
    It 'passes under Invoke-Pester in a folder apart from the project, leaving no emulator process behind' {
        $readme = Get-Content -LiteralPath (Join-Path $RepoRoot 'README.md') -Raw
        $user = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'user-project')
        foreach ($file in 'Publish-Report.ps1', 'Publish-Report.Tests.ps1') {
            $block = [regex]::Match($readme, "<!-- README example: $([regex]::Escape($file)) -->\s*``````powershell\r?\n(.*?)``````", 'Singleline')
            $block.Success | Should -BeTrue -Because "README.md shows $file"
            Set-Content -LiteralPath (Join-Path $user $file) -Value $block.Groups[1].Value
        }
        # The one line a user edits: where their build of PSDropbox is.
        $tests = Join-Path $user 'Publish-Report.Tests.ps1'
        (Get-Content -LiteralPath $tests -Raw).Replace('$out = "$HOME/PSDropbox/out"', "`$out = '$(Join-Path $RepoRoot out)'") | Set-Content -LiteralPath $tests

        $pester = Get-Content -LiteralPath (Join-Path $PSScriptRoot 'obj/pester-module.txt') -TotalCount 1
        Push-Location $user
        try {
            $process = [System.Diagnostics.Process]::Start((New-PwshStartInfo -Command (
                "Import-Module '$pester'; `$r = Invoke-Pester -Path ./Publish-Report.Tests.ps1 -PassThru -Output None; " +
                "'{0} passed, {1} failed' -f `$r.PassedCount, `$r.FailedCount; " +
                "'children: ' + @(Get-Process | Where-Object { `$_.Parent.Id -eq `$PID }).Count")))
        }
        finally { Pop-Location }
        $errors = $process.StandardError.ReadToEndAsync()
        $output = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        $output | Should -Match '(?m)^2 passed, 0 failed\s*$' -Because $errors.Result
        $output | Should -Match '(?m)^children: 0\s*$' -Because 'AfterAll stopped the emulator'
    }
}

Describe 'The PSDropbox module' {
    It 'does not reference the emulator' {
        (Get-Module PSDropbox).ImplementingAssembly.GetReferencedAssemblies().Name | Should -Not -Contain 'PSDropbox.Emulator'
        Get-ChildItem (Get-Module PSDropbox).ModuleBase -Filter 'PSDropbox.Emulator*' | Should -BeNullOrEmpty
    }
}
