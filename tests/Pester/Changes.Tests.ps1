BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    $script:ModulePath = [System.IO.Path]::Combine($script:RepoRoot, 'out', 'PSDropbox', 'PSDropbox.psd1')
    $script:SeedCount = 0
    $script:Api = [System.Net.Http.HttpClient]::new()

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
        <# A raw Dropbox API call, as another client would make it. Returns status and body. #>
        param([string]$Route, [object]$Body, [switch]$NoAuth, [switch]$WithAuth)
        $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::Post, $Emulator.BaseUrl.TrimEnd('/') + '/2/' + $Route)
        if (-not $NoAuth) {
            $request.Headers.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $Emulator.AccessToken)
        }
        $request.Content = [System.Net.Http.StringContent]::new((ConvertTo-TestJson $Body), [System.Text.Encoding]::UTF8, 'application/json')
        $response = $script:Api.SendAsync($request).GetAwaiter().GetResult()
        try {
            [pscustomobject]@{
                Status      = [int]$response.StatusCode
                ContentType = [string]$response.Content.Headers.ContentType
                Body        = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
            }
        }
        finally { $response.Dispose(); $request.Dispose() }
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
        (ConvertFrom-TestJson ([System.IO.File]::ReadAllText($state))).cursor | Should -Not -BeNullOrEmpty

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
        $record = { Get-DropboxChange /Latest -StateFile $state -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.StateFileMismatch' -PassThru
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

            $record = { Get-DropboxChange /Reset -Cursor $cursor -StopOnReset -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.CursorReset' -PassThru
            $record.CategoryInfo.Category | Should -Be 'InvalidOperation'
            # A bare cursor cannot be listed again (it does not name its folder): it stops too.
            { Get-DropboxChange -Cursor $cursor -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.CursorReset'
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

    It 'killed and restarted with -StateFile while changes keep arriving: together they emit every change exactly once' {
        New-DropboxFolder /Stream | Out-Null
        $state = Join-Path $TestDrive 'stream.json'
        $first = Start-Watcher -Path /Stream -StateFile $state -SlowMs 40
        Wait-Until { [System.IO.File]::Exists($state) } -Because 'the first watcher saved its starting cursor'

        $maker = [powershell]::Create([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
        $null = $maker.AddScript({
                param($Module, $Token, $Url)
                Import-Module $Module -ErrorAction Stop
                Connect-Dropbox -AccessToken $Token -ApiEndpoint $Url | Out-Null
                foreach ($i in 1..40) {
                    New-DropboxFolder ('/Stream/c{0:D2}' -f $i) | Out-Null
                    [System.Threading.Thread]::Sleep(25)
                }
            }.ToString()).AddParameters(@{ Module = $script:ModulePath; Token = $Emulator.AccessToken; Url = $Emulator.BaseUrl })
        $making = $maker.BeginInvoke()
        try {
            Wait-Until { $first.Output.Count -ge 8 } -Because 'the first watcher emitted some changes' -Watcher $first
            $null = Stop-Watcher $first
            [System.Threading.Thread]::Sleep(300)   # changes land while no watcher runs
            $second = Start-Watcher -Path /Stream -StateFile $state
            $null = $maker.EndInvoke($making)
            $maker.Streams.Error | Should -HaveCount 0
            Wait-Until { $first.Output.Count + $second.Output.Count -ge 40 } -Because 'every change was emitted'
            [System.Threading.Thread]::Sleep(500)   # room for a duplicate to show up
        }
        finally {
            $maker.Dispose()
            if ($second) { $null = Stop-Watcher $second }
        }
        $paths = @($first.Output | ForEach-Object { $_.Change.Path }) + @($second.Output | ForEach-Object { $_.Change.Path })
        "first watcher emitted $($first.Output.Count), the restarted one $($second.Output.Count)" | Out-Default
        $paths | Should -HaveCount 40
        (Get-Sorted $paths) -join ',' | Should -BeExactly ((1..40 | ForEach-Object { '/Stream/c{0:D2}' -f $_ }) -join ',')
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
            { Watch-DropboxChange /WatchReset -Cursor $cursor -StopOnReset -Timeout 5 -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.CursorReset'
        }
        finally {
            Invoke-EmulatorAdmin -Method POST -Path changes -Body @{ journal_keep_rows = $null } | Out-Null
        }
    }
}
