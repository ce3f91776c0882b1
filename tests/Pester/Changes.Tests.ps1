BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    $script:ModulePath = [System.IO.Path]::Combine($script:RepoRoot, 'out', 'PSDropbox', 'PSDropbox.psd1')
    $script:SeedCount = 0

    # No random extra wait on longpolls in this file (Dropbox adds up to 90 s).
    Invoke-EmulatorAdmin -Method POST -Path changes -Body @{ longpoll_jitter_seconds = 0 } | Out-Null

    function Add-SeedFile {
        <# Creates files under a Dropbox folder through the emulator's seed hook (another client, as far as the module knows). #>
        param([string]$Destination, [string[]]$Name)
        $script:SeedCount++
        $source = Join-Path $TestDrive "seed$script:SeedCount"
        foreach ($n in $Name) { New-TestFile -Path (Join-Path $source $n) -Size 16 -Seed $script:SeedCount | Out-Null }
        Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $source; path = $Destination } | Out-Null
    }

    function Invoke-TestApi {
        <# A raw Dropbox API call, as another client would make it. Returns status, content type and body text. #>
        param([string]$Route, [object]$Body, [switch]$NoAuth)
        $headers = if ($NoAuth) { @{} } else { @{ Authorization = "Bearer $($Emulator.AccessToken)" } }
        $response = Invoke-WebRequest -Uri "$($Emulator.BaseUrl)/2/$Route" -Method Post -Headers $headers -SkipHttpErrorCheck `
            -ContentType 'application/json' -Body (ConvertTo-Json -InputObject $Body -Depth 20 -Compress)
        [pscustomobject]@{ Status = [int]$response.StatusCode; ContentType = "$($response.Headers['Content-Type'])"; Body = "$($response.Content)" }
    }

    function Remove-TestItem {
        param([string]$Path)
        $r = Invoke-TestApi -Route files/delete_v2 -Body @{ path = $Path }
        if ($r.Status -ne 200) { throw "delete_v2 $Path failed: $($r.Status) $($r.Body)" }
    }

    function Get-RequestCount {
        param([string]$Route)
        @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = $Route }).Count
    }

    function Start-Watcher {
        <#
        Runs Watch-DropboxChange in a second runspace (like a second console). Each change comes out wrapped with the
        time the watcher's pipeline saw it. Stop it with $w.PowerShell.Stop() (what Ctrl+C does).
        #>
        param([string]$Path, [string]$StateFile, [int]$SlowMs = 0)
        $ps = [powershell]::Create([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
        $null = $ps.AddScript({
                param($Module, $Token, $Url, $Path, $StateFile, $SlowMs)
                Import-Module $Module -ErrorAction Stop
                Connect-Dropbox -AccessToken $Token -ApiEndpoint $Url | Out-Null
                $options = @{ Path = $Path; Recurse = $true }
                if ($StateFile) { $options.StateFile = $StateFile }
                Watch-DropboxChange @options | ForEach-Object {
                    if ($SlowMs) { [System.Threading.Thread]::Sleep($SlowMs) }
                    [pscustomobject]@{ Change = $_; SeenAt = [DateTime]::UtcNow }
                }
            }.ToString()).AddParameters(@{
                Module = $script:ModulePath; Token = $Emulator.AccessToken; Url = $Emulator.BaseUrl
                Path = $Path; StateFile = $StateFile; SlowMs = $SlowMs
            })
        $inputData = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $inputData.Complete()
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $handle = $ps.BeginInvoke($inputData, $output)
        [pscustomobject]@{ PowerShell = $ps; Output = $output; Handle = $handle }
    }

    function Invoke-HeldWatcher {
        <#
        Runs Watch-DropboxChange <Folder> -StateFile <folder>.json | ForEach-Object { <Consumer> } in a second runspace;
        makes <Folder>/a; once the consumer signals $Holding (it holds the change), starts stopping the watcher, lets the
        consumer go on ($Release) and returns what the pipeline output.
        #>
        param([string]$Folder, [string]$Consumer)
        New-DropboxFolder $Folder | Out-Null
        $state = Join-Path $TestDrive ($Folder.Trim('/').ToLowerInvariant() + '.json')
        $holding = [System.Threading.ManualResetEventSlim]::new($false)
        $release = [System.Threading.ManualResetEventSlim]::new($false)
        $ps = [powershell]::Create([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
        $null = $ps.AddScript("param(`$Module, `$Token, `$Url, `$Folder, `$State, `$Holding, `$Release)
            Import-Module `$Module -ErrorAction Stop
            Connect-Dropbox -AccessToken `$Token -ApiEndpoint `$Url | Out-Null
            Watch-DropboxChange `$Folder -StateFile `$State | ForEach-Object { $Consumer }").AddParameters(@{
                Module = $script:ModulePath; Token = $Emulator.AccessToken; Url = $Emulator.BaseUrl; Folder = $Folder; State = $state
                Holding = $holding; Release = $release
            })
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $noInput = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $noInput.Complete()
        $null = $ps.BeginInvoke($noInput, $output)
        try {
            Wait-Until { [System.IO.File]::Exists($state) } -Because 'the watcher saved its starting cursor'
            New-DropboxFolder "$Folder/a" | Out-Null
            if (-not $holding.Wait(20000)) { throw 'The consumer never got the change.' }
            $stopping = $ps.BeginStop($null, $null)
            [System.Threading.Thread]::Sleep(200)   # the pipeline is stopping while the consumer holds the change
            $release.Set()
            $ps.EndStop($stopping)
            for ($i = 0; $i -lt $output.Count; $i++) { $output[$i] }
        }
        finally { $release.Set(); $ps.Dispose() }
    }

    function Get-Sorted {
        param([string[]]$Items)
        $copy = [string[]]@($Items)
        [Array]::Sort($copy, [System.StringComparer]::Ordinal)
        , $copy
    }

    function Get-WatcherLog {
        param($Watcher)
        if (-not $Watcher) { return '' }
        $ps = $Watcher.PowerShell
        " [watcher: $($ps.InvocationStateInfo.State) $($ps.InvocationStateInfo.Reason); output $($Watcher.Output.Count); " +
        "warnings: $($ps.Streams.Warning.Count); errors: $($ps.Streams.Error.Count); requests: " +
        ((Invoke-EmulatorAdmin -Method GET -Path requests | Where-Object { $_.route -notlike '*emulator*' } | ForEach-Object { "$($_.route) $($_.status) $($_.duration_ms)ms" }) -join ' | ') + ']'

    }

    function Wait-Until {
        param([scriptblock]$Condition, [double]$Seconds = 20, [string]$Because, $Watcher)
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $Seconds s waiting until $Because" + (Get-WatcherLog $Watcher) }
            [System.Threading.Thread]::Sleep(10)
        }
    }

    function Stop-Watcher {
        <# Stops like Ctrl+C; returns how long it took. Fails the test if the watcher reported an error. #>
        param($Watcher)
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $Watcher.PowerShell.Stop()
        $sw.Stop()
        $info = $Watcher.PowerShell.InvocationStateInfo
        if ($info.State -eq 'Failed') { throw "The watcher failed: $($info.Reason)" }
        $errors = @($Watcher.PowerShell.Streams.Error)
        $Watcher.PowerShell.Dispose()
        if ($errors.Count) { throw "The watcher reported: $($errors[0])" }
        $sw.Elapsed
    }
}

AfterAll {
    Invoke-EmulatorAdmin -Method POST -Path changes -Body @{ longpoll_jitter_seconds = 90; longpoll_timeout_seconds = $null; longpoll_backoff_seconds = $null; journal_keep_rows = $null } | Out-Null
}

Describe 'Get-DropboxChange' {
    It 'round trip in a script: baseline, save the cursor, add/modify/delete in the subtree, reuse it: exactly those changes' {
        New-DropboxFolder /RoundTrip/Keep | Out-Null
        Add-SeedFile -Destination /RoundTrip -Name 'a.txt', 'Keep/b.txt', 'Old/c.txt', 'gone.txt'

        $baseline = @(Get-DropboxChange /RoundTrip -Recurse)
        $baseline | Should -HaveCount 7   # the folder itself, Keep, Keep/b.txt, Old, Old/c.txt, a.txt, gone.txt
        $baseline | ForEach-Object { $_ | Should -BeOfType ([PSDropbox.DropboxChange]); $_.Baseline | Should -BeTrue }
        ($baseline | Where-Object Path -EQ '/RoundTrip/a.txt').ChangeType | Should -Be 'FileAddedOrModified'
        ($baseline | Where-Object Path -EQ '/RoundTrip/a.txt').Item | Should -BeOfType ([PSDropbox.DropboxFile])
        ($baseline | Where-Object Path -EQ '/RoundTrip/Keep').ChangeType | Should -Be 'FolderAddedOrModified'
        $cursor = $baseline[-1].Cursor
        $cursor | Should -Not -BeNullOrEmpty

        $oldRev = ($baseline | Where-Object Path -EQ '/RoundTrip/a.txt').Item.Rev
        $modified = New-TestFile -Path (Join-Path $TestDrive 'modified.txt') -Size 32 -Seed 99
        Send-DropboxFile -LiteralPath $modified.FullName -Destination /RoundTrip/a.txt -Mode Overwrite | Out-Null
        New-DropboxFolder /RoundTrip/New | Out-Null
        Add-SeedFile -Destination /RoundTrip/New -Name 'added.txt'
        Remove-TestItem /RoundTrip/gone.txt
        Remove-TestItem /RoundTrip/Old
        New-DropboxFolder /Elsewhere | Out-Null

        $changes = @(Get-DropboxChange /RoundTrip -Recurse -Cursor $cursor)
        ($changes | ForEach-Object { "$($_.ChangeType) $($_.Path)" }) -join ', ' |
            Should -BeExactly 'FileAddedOrModified /RoundTrip/a.txt, Deleted /RoundTrip/gone.txt, FolderAddedOrModified /RoundTrip/New, FileAddedOrModified /RoundTrip/New/added.txt, Deleted /RoundTrip/Old, Deleted /RoundTrip/Old/c.txt'
        $changes[0].Item.Length | Should -Be 32
        $changes[0].Item.Rev | Should -Not -Be $oldRev
        $changes[0].Item.ContentHash | Should -BeExactly (Get-ContentHash -Path $modified.FullName)
        $changes | ForEach-Object { $_.Baseline | Should -BeFalse }
        ($changes | Where-Object ChangeType -EQ 'Deleted')[0].Item | Should -BeOfType ([PSDropbox.DropboxDeleted])

        @(Get-DropboxChange -Cursor $changes[-1].Cursor) | Should -HaveCount 0
    }

    It '-Latest returns a cursor for now; -Cursor then gives only what changed after it' {
        New-DropboxFolder /Latest | Out-Null
        Add-SeedFile -Destination /Latest -Name 'before.txt'
        $cursor = Get-DropboxChange /Latest -Latest
        $cursor | Should -BeOfType ([string])
        Add-SeedFile -Destination /Latest -Name 'after.txt'
        $changes = @(Get-DropboxChange -Cursor $cursor)
        $changes | Should -HaveCount 1
        $changes[0].Path | Should -BeExactly '/Latest/after.txt'
        $changes[0].Item.Length | Should -Be 16
    }

    It '-StateFile: first run is the baseline, each later run exactly the changes since the run before' {
        New-DropboxFolder /Scheduled | Out-Null
        Add-SeedFile -Destination /Scheduled -Name 'one.txt'
        $state = Join-Path $TestDrive 'scheduled.json'

        $first = @(Get-DropboxChange /Scheduled -Recurse -StateFile $state)
        ($first | ForEach-Object Path) -join ',' | Should -BeExactly '/Scheduled,/Scheduled/one.txt'
        (Get-Content -LiteralPath $state -Raw | ConvertFrom-Json).cursor | Should -Not -BeNullOrEmpty

        Add-SeedFile -Destination /Scheduled -Name 'two.txt'
        Remove-TestItem /Scheduled/one.txt
        $second = @(Get-DropboxChange /Scheduled -Recurse -StateFile $state)
        ($second | ForEach-Object { "$($_.ChangeType) $($_.Path)" }) -join ', ' |
            Should -BeExactly 'Deleted /Scheduled/one.txt, FileAddedOrModified /Scheduled/two.txt'

        @(Get-DropboxChange /Scheduled -Recurse -StateFile $state) | Should -HaveCount 0
    }

    It '-StateFile: a run that fails halfway through a batch is resumed by the next run, each change exactly once' {
        New-DropboxFolder /Halfway | Out-Null
        $state = Join-Path $TestDrive 'halfway.json'
        Get-DropboxChange /Halfway -StateFile $state -Latest | Should -BeNullOrEmpty
        Add-SeedFile -Destination /Halfway -Name 'f1.txt', 'f2.txt', 'f3.txt', 'f4.txt', 'f5.txt'

        $script:handled = [System.Collections.Generic.List[string]]::new()
        { Get-DropboxChange /Halfway -StateFile $state | ForEach-Object {
                if ($script:handled.Count -eq 2) { throw 'the script failed on its third change' }
                $script:handled.Add($_.Path)
            } } | Should -Throw -ExpectedMessage '*third change*'
        $script:handled | Should -HaveCount 2

        Get-DropboxChange /Halfway -StateFile $state | ForEach-Object { $script:handled.Add($_.Path) }
        (Get-Sorted $script:handled) -join ',' | Should -BeExactly '/Halfway/f1.txt,/Halfway/f2.txt,/Halfway/f3.txt,/Halfway/f4.txt,/Halfway/f5.txt'
    }

    It 'refuses a state file written for another folder' {
        $state = Join-Path $TestDrive 'scheduled.json'
        $record = { Get-DropboxChange /Latest -StateFile $state -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.StateFileMismatch,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.ToString() | Should -Match "tracks '/Scheduled'"
    }

    It 'on a forced reset warns and emits the current state again, marked Baseline; -StopOnReset stops with CursorReset' {
        New-DropboxFolder /Reset | Out-Null
        Add-SeedFile -Destination /Reset -Name 'x.txt'
        $cursor = Get-DropboxChange /Reset -Latest
        Add-SeedFile -Destination /Reset -Name 'y.txt'
        Invoke-EmulatorAdmin -Method POST -Path changes -Body @{ journal_keep_rows = 0 } | Out-Null
        try {
            $changes = @(Get-DropboxChange /Reset -Cursor $cursor -WarningVariable warnings -WarningAction SilentlyContinue)
            $warnings | Should -HaveCount 1
            "$($warnings[0])" | Should -Match 'reset the cursor'
            ($changes | ForEach-Object Path) -join ',' | Should -BeExactly '/Reset/x.txt,/Reset/y.txt'
            $changes | ForEach-Object { $_.Baseline | Should -BeTrue }

            $record = { Get-DropboxChange /Reset -Cursor $cursor -StopOnReset -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.CursorReset,*' -PassThru
            $record.CategoryInfo.Category | Should -Be 'InvalidOperation'
            # A bare cursor cannot be listed again (it does not name its folder): it stops too.
            { Get-DropboxChange -Cursor $cursor -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.CursorReset,*'
        }
        finally {
            Invoke-EmulatorAdmin -Method POST -Path changes -Body @{ journal_keep_rows = $null } | Out-Null
        }
    }
}

Describe 'files/list_folder/longpoll' {
    It 'answers a request that carries an Authorization header with the 400 Dropbox gives' {
        $cursor = Get-DropboxChange / -Latest
        $r = Invoke-TestApi -Route files/list_folder/longpoll -Body @{ cursor = $cursor }
        $r.Status | Should -Be 400
        $r.ContentType | Should -Match '^text/plain'
        $r.Body | Should -BeExactly 'Error in call to API function "files/list_folder/longpoll": Your request includes an Authorization header, but this function does not use it.'
    }
}

Describe 'Watch-DropboxChange' {
    It 'emits a change made by another client within a second of it landing' {
        New-DropboxFolder /Live | Out-Null
        $before = Get-RequestCount 'files/list_folder/get_latest_cursor'
        $watcher = Start-Watcher -Path /Live
        try {
            Wait-Until { (Get-RequestCount 'files/list_folder/get_latest_cursor') -gt $before } -Because 'the watcher has its cursor'
            $latencies = foreach ($i in 1..5) {
                [System.Threading.Thread]::Sleep(150)   # let the watcher get back into its longpoll
                $madeAt = [DateTime]::UtcNow
                New-DropboxFolder "/Live/f$i" | Out-Null
                Wait-Until { $watcher.Output.Count -ge $i } -Because "change $i is emitted" -Watcher $watcher
                ($watcher.Output[$i - 1].SeenAt - $madeAt).TotalMilliseconds
            }
        }
        finally { $stopped = Stop-Watcher $watcher }
        ($watcher.Output | ForEach-Object { $_.Change.Path }) -join ',' | Should -BeExactly '/Live/f1,/Live/f2,/Live/f3,/Live/f4,/Live/f5'
        $sorted = [double[]]@($latencies)
        [Array]::Sort($sorted)
        "change-to-emit latency (ms, from before the call that made the change): median $([int]$sorted[2]), max $([int]$sorted[4])" | Out-Default
        $sorted[4] | Should -BeLessThan 1000
    }

    It 'stops within a second on Ctrl+C while its longpoll is waiting' {
        New-DropboxFolder /Quiet | Out-Null
        $before = Get-RequestCount 'files/list_folder/get_latest_cursor'
        $watcher = Start-Watcher -Path /Quiet
        Wait-Until { (Get-RequestCount 'files/list_folder/get_latest_cursor') -gt $before } -Because 'the watcher has its cursor'
        [System.Threading.Thread]::Sleep(300)
        $state = $watcher.PowerShell.InvocationStateInfo.State
        $elapsed = Stop-Watcher $watcher
        "Ctrl+C to stopped: $([int]$elapsed.TotalMilliseconds) ms" | Out-Default
        $state | Should -Be 'Running'
        $elapsed.TotalMilliseconds | Should -BeLessThan 1000
    }

    It 'stopped and restarted with -StateFile at random moments while changes keep arriving, each change appended to a file by the next command: every change exactly once' {
        # The CI length; bench/watch-stress.sh runs the same test with PSDROPBOX_WATCH_RESTARTS=60.
        $restarts = if ($env:PSDROPBOX_WATCH_RESTARTS) { [int]$env:PSDROPBOX_WATCH_RESTARTS } else { 20 }
        New-DropboxFolder /Stress | Out-Null
        $state = Join-Path $TestDrive 'stress.json'
        $log = Join-Path $TestDrive 'stress.log'
        [System.IO.File]::WriteAllText($log, '')
        $random = [System.Random]::new()
        # What a scheduled task does with each change; Add-Content where the host has it (real pwsh).
        $append = if (Get-Command Add-Content -ErrorAction Ignore) { 'Add-Content -LiteralPath $Log -Value $_.Path' } else { '[System.IO.File]::AppendAllText($Log, $_.Path + [System.Environment]::NewLine)' }

        # The watcher runs in a runspace of its own, stopped (like Ctrl+C) and restarted again and again.
        $runspace = [runspacefactory]::CreateRunspace([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
        $runspace.Open()
        $making = [System.Threading.ManualResetEventSlim]::new($true)
        $maker = $null
        $runs = [System.Collections.Generic.List[object]]::new()
        $midBatch = 0
        function Invoke-Watcher([int]$Milliseconds, [scriptblock]$Until) {
            <# Runs the watcher for about that long (or until the condition holds) and stops it; records the lines of the log this run appended. #>
            $first = [System.IO.File]::ReadAllLines($log).Count
            $ps = [powershell]::Create()
            $ps.Runspace = $runspace
            $null = $ps.AddScript("param(`$Log, `$State) Watch-DropboxChange /Stress -Recurse -StateFile `$State | ForEach-Object { $append }").AddParameters(@{ Log = $log; State = $state })
            $handle = $ps.BeginInvoke()
            if ($Until) { Wait-Until $Until -Seconds 60 -Because 'the watcher got going' }
            else { [System.Threading.Thread]::Sleep($Milliseconds) }
            $ps.Stop()
            $info = $ps.InvocationStateInfo
            $errors = @($ps.Streams.Error)
            $ps.Dispose()
            if ($info.State -eq 'Failed') { throw "The watcher failed: $($info.Reason)" }
            if ($errors.Count) { throw "The watcher reported: $($errors[0])" }
            $runs.Add([pscustomobject]@{ First = $first; Count = [System.IO.File]::ReadAllLines($log).Count - $first })
        }
        try {
            $setup = [powershell]::Create()
            $setup.Runspace = $runspace
            $null = $setup.AddScript({
                    param($Module, $Token, $Url)
                    Import-Module $Module -ErrorAction Stop
                    # Loaded now: a module loaded on first use while a stop is under way fails to load (an error, not a stop).
                    Import-Module Microsoft.PowerShell.Management -ErrorAction Ignore
                    Connect-Dropbox -AccessToken $Token -ApiEndpoint $Url | Out-Null
                }.ToString()).AddParameters(@{ Module = $script:ModulePath; Token = $Emulator.AccessToken; Url = $Emulator.BaseUrl }).Invoke()
            $setup.Dispose()
            Invoke-Watcher -Until { [System.IO.File]::Exists($state) }   # the first run starts the state file at "now"

            # Another client adds a folder of five files at a time (one batch of six changes), again and again until told
            # to stop, and returns the paths it made.
            $source = Join-Path $TestDrive 'five'
            foreach ($f in 1..5) { New-TestFile -Path (Join-Path $source "f$f.txt") -Size 8 -Seed $f | Out-Null }
            $maker = [powershell]::Create([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
            $null = $maker.AddScript({
                    param($Url, $Source, $Making)
                    $http = [System.Net.Http.HttpClient]::new()
                    $random = [System.Random]::new()
                    for ($i = 1; $Making.IsSet; $i++) {
                        $folder = '/Stress/b{0:D4}' -f $i
                        $body = '{{"source":"{0}","path":"{1}"}}' -f [System.Text.Json.JsonEncodedText]::Encode($Source), [System.Text.Json.JsonEncodedText]::Encode($folder)
                        $response = $http.PostAsync("$Url/_emulator/seed", [System.Net.Http.StringContent]::new($body, [System.Text.Encoding]::UTF8, 'application/json')).GetAwaiter().GetResult()
                        if (-not $response.IsSuccessStatusCode) { throw "seed failed: $([int]$response.StatusCode) $($response.Content.ReadAsStringAsync().GetAwaiter().GetResult())" }
                        $folder
                        foreach ($f in 1..5) { "$folder/f$f.txt" }
                        [System.Threading.Thread]::Sleep($random.Next(0, 40))
                    }
                }.ToString()).AddParameters(@{ Url = $Emulator.BaseUrl; Source = $source; Making = $making })
            $made = $maker.BeginInvoke()
            # A loaded machine may take the whole 400 ms to start a watcher: then further stops, each a little later, until
            # one has come in the middle of a batch (the case this test is about), or four times as many stops.
            for ($n = 1; $n -le $restarts -or ($midBatch -eq 0 -and $n -le 4 * $restarts); $n++) {
                Invoke-Watcher ($random.Next(0, 400 + 50 * [Math]::Max(0, $n - $restarts)))
                if ([System.IO.File]::Exists("$state.delivered")) { $midBatch++ }
            }
            $stops = $n - 1
            $making.Reset()
            $expected = [string[]]@($maker.EndInvoke($made))
            $maker.Streams.Error | Should -HaveCount 0
            # Later runs take whatever is left, as long as each one gets further (a loaded machine is slow, not wrong).
            $left = $expected.Count
            $stalled = 0
            while ($left -gt 0 -and $stalled -lt 10) {
                Invoke-Watcher 3000
                $logged = [System.Collections.Generic.HashSet[string]]::new([string[]][System.IO.File]::ReadAllLines($log))
                $now = @($expected | Where-Object { -not $logged.Contains($_) }).Count
                $stalled = if ($now -lt $left) { 0 } else { $stalled + 1 }
                $left = $now
            }
        }
        finally {
            $making.Reset()
            if ($maker) { $maker.Dispose() }
            $runspace.Dispose()
        }
        $lines = [System.IO.File]::ReadAllLines($log)
        # A change comes again only when a stop interrupted the next command while it handled it: then it is the last line
        # of one run and the first of the next. Any other repeat is a duplicate.
        $interrupted = 0
        $duplicated = [System.Collections.Generic.List[string]]::new()
        $seen = [System.Collections.Generic.HashSet[string]]::new()
        $lastLine = $null   # the last line the runs before appended
        foreach ($run in $runs) {
            for ($i = $run.First; $i -lt $run.First + $run.Count; $i++) {
                if ($seen.Add($lines[$i])) { continue }
                if ($i -eq $run.First -and $lines[$i] -eq $lastLine) { $interrupted++ }
                else { $duplicated.Add($lines[$i]) }
            }
            if ($run.Count -gt 0) { $lastLine = $lines[$run.First + $run.Count - 1] }
        }
        $missing = @($expected | Where-Object { -not $seen.Contains($_) })
        "$stops stops at random moments ($midBatch in the middle of a batch): $($expected.Count) changes made, $($lines.Count) lines appended, $($missing.Count) missing, $($duplicated.Count) duplicated, $interrupted handed again after a stop interrupted the command handling it" | Out-Default
        $duplicated -join ', ' | Should -BeNullOrEmpty
        $missing -join ', ' | Should -BeNullOrEmpty
        $seen.Count | Should -Be $expected.Count -Because 'nothing but the changes made was emitted'
        $midBatch | Should -BeGreaterThan 0 -Because 'the stress must stop watchers in the middle of a batch'
    }

    It 'a stop that comes just after the next command finished a change does not repeat it' {
        $output = Invoke-HeldWatcher -Folder /Held -Consumer '$_.Path; $Holding.Set(); $null = $Release.Wait()'
        $output | Should -Be '/Held/a'
        @(Get-DropboxChange /Held -StateFile (Join-Path $TestDrive 'held.json')) | Should -HaveCount 0
    }

    It 'a stop that interrupts the next command in the middle of a change makes that change come again' {
        # The command started next (ForEach-Object -InputObject) notices the stop: the consumer never finishes the change.
        $output = Invoke-HeldWatcher -Folder /Interrupted -Consumer '$Holding.Set(); $null = $Release.Wait(); ForEach-Object -InputObject $_ -Process { }; $_.Path'
        $output | Should -BeNullOrEmpty
        @(Get-DropboxChange /Interrupted -StateFile (Join-Path $TestDrive 'interrupted.json') | ForEach-Object Path) -join ',' | Should -BeExactly '/Interrupted/a'
    }

    It 'honours backoff: waits the seconds Dropbox asks for between longpolls' {
        New-DropboxFolder /Backoff | Out-Null
        Invoke-EmulatorAdmin -Method POST -Path changes -Body @{ longpoll_timeout_seconds = 0.1; longpoll_backoff_seconds = 1 } | Out-Null
        try {
            $before = Get-RequestCount 'files/list_folder/longpoll'
            $changes = @(Watch-DropboxChange /Backoff -Timeout 3)
            $polls = (Get-RequestCount 'files/list_folder/longpoll') - $before
        }
        finally {
            Invoke-EmulatorAdmin -Method POST -Path changes -Body @{ longpoll_timeout_seconds = $null; longpoll_backoff_seconds = $null } | Out-Null
        }
        $changes | Should -HaveCount 0
        "longpolls in 3 s with backoff 1 s and 0.1 s polls: $polls" | Out-Default
        $polls | Should -BeGreaterThan 1
        $polls | Should -BeLessThan 5
    }

    It 'on a forced reset warns and re-baselines; -StopOnReset stops with CursorReset' {
        New-DropboxFolder /WatchReset | Out-Null
        Add-SeedFile -Destination /WatchReset -Name 'kept.txt'
        $cursor = Get-DropboxChange /WatchReset -Latest
        Add-SeedFile -Destination /WatchReset -Name 'new.txt'
        Invoke-EmulatorAdmin -Method POST -Path changes -Body @{ journal_keep_rows = 0 } | Out-Null
        try {
            $changes = @(Watch-DropboxChange /WatchReset -Cursor $cursor -Timeout 2 -WarningVariable warnings -WarningAction SilentlyContinue)
            "$($warnings[0])" | Should -Match 'reset the cursor'
            ($changes | ForEach-Object Path) -join ',' | Should -BeExactly '/WatchReset/kept.txt,/WatchReset/new.txt'
            $changes | ForEach-Object { $_.Baseline | Should -BeTrue }
            { Watch-DropboxChange /WatchReset -Cursor $cursor -StopOnReset -Timeout 5 -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.CursorReset,*'
        }
        finally {
            Invoke-EmulatorAdmin -Method POST -Path changes -Body @{ journal_keep_rows = $null } | Out-Null
        }
    }
}
