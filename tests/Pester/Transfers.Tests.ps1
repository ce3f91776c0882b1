BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    # Runs a script in a fresh runspace connected to this file's emulator; returns its streams (progress is not
    # captured by the test host).
    function Invoke-Isolated([string]$Script) {
        $module = [System.IO.Path]::Combine($script:RepoRoot, 'out', 'PSDropbox', 'PSDropbox.psd1')
        $runspace = [runspacefactory]::CreateRunspace([initialsessionstate]::CreateDefault2())
        $runspace.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        try {
            $null = $ps.AddScript("Import-Module '$module'; Connect-Dropbox -AccessToken '$($Emulator.AccessToken)' -ApiEndpoint '$($Emulator.BaseUrl)' | Out-Null; $Script")
            $output = $ps.Invoke()
            [pscustomobject]@{ Output = $output; Progress = @($ps.Streams.Progress); Errors = @($ps.Streams.Error) }
        }
        finally { $ps.Dispose(); $runspace.Dispose() }
    }
    function New-TestFolder([string]$Name) {
        $dir = Join-Path $TestDrive $Name
        [System.IO.Directory]::CreateDirectory($dir) | Out-Null
        $dir
    }
}

Describe 'Send-DropboxFile' {
    It 'uploads a file into a folder given with a trailing slash and returns its metadata with -PassThru' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'report.bin') -Size 1000 -Seed 3
        $file.LastWriteTimeUtc = [datetime]::new(2024, 5, 6, 7, 8, 9, 500, [System.DateTimeKind]::Utc)
        $result = Send-DropboxFile -Path $file.FullName -Destination /Up/ -PassThru
        $result | Should -BeOfType ([PSDropbox.DropboxFile])
        $result.Path | Should -BeExactly '/Up/report.bin'
        $result.Length | Should -Be 1000
        $result.ContentHash | Should -BeExactly (Get-ContentHash -Path $file.FullName)
        $result.ClientModified | Should -Be ([datetime]::new(2024, 5, 6, 7, 8, 9, [System.DateTimeKind]::Utc))
        $result.LocalPath | Should -BeExactly $file.FullName
        $result.Skipped | Should -BeFalse
        $result.pstypenames[0] | Should -BeExactly 'PSDropbox.UploadedFile'
        $table = $result | Format-Table | Out-String
        $table | Should -Match 'Status\s+Length\s+Path\s+LocalPath'
        $table | Should -Match 'Uploaded\s+1000\s+/Up/report\.bin'
    }

    It 'writes nothing to the pipeline without -PassThru' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'quiet.txt') -Size 10
        $out = Send-DropboxFile -Path $file.FullName -Destination /Quiet/
        $out | Should -BeNullOrEmpty
        (Get-DropboxItem /Quiet/quiet.txt).Length | Should -Be 10
    }

    It 'round-trips <Name> bytes exactly' -ForEach @(
        @{ Name = '0'; Size = 0 }
        @{ Name = '4 MiB - 1'; Size = 4MB - 1 }
        @{ Name = '4 MiB'; Size = 4MB }
        @{ Name = '4 MiB + 1'; Size = 4MB + 1 }
    ) {
        $file = New-TestFile -Path (Join-Path $TestDrive "size-$Size.bin") -Size $Size -Seed 7
        $sent = Send-DropboxFile -LiteralPath $file.FullName -Destination "/Sizes/$Size.bin" -PassThru
        $sent.Length | Should -Be $Size
        $target = Join-Path $TestDrive "back-$Size.bin"
        Receive-DropboxFile -Path "/Sizes/$Size.bin" -Destination $target
        (Get-ContentHash -Path $target) | Should -BeExactly (Get-ContentHash -Path $file.FullName)
        ([System.IO.FileInfo]::new($target)).Length | Should -Be $Size
    }

    It 'keeps non-ASCII and emoji names' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'Résumé 😀 日本.txt') -Size 64
        $result = Send-DropboxFile -LiteralPath $file.FullName -Destination '/Ünï 😀/' -PassThru
        $result.Path | Should -BeExactly '/Ünï 😀/Résumé 😀 日本.txt'
        (Get-DropboxChildItem '/ünï 😀').Name | Should -BeExactly 'Résumé 😀 日本.txt'
    }

    It 'binds FileInfo objects from the pipeline by FullName' {
        $dir = New-TestFolder 'piped'
        $files = 1..3 | ForEach-Object { New-TestFile -Path (Join-Path $dir "app$_.log") -Size (100 * $_) }
        $results = $files | Send-DropboxFile -Destination /logs/ -PassThru
        $results | Should -HaveCount 3
        (Get-DropboxChildItem /logs).Name | Should -Be @('app1.log', 'app2.log', 'app3.log')
    }

    It 'expands wildcards against the current location' {
        $dir = New-TestFolder 'wild'
        New-TestFile -Path (Join-Path $dir 'a.log') -Size 5 | Out-Null
        New-TestFile -Path (Join-Path $dir 'b.log') -Size 6 | Out-Null
        New-TestFile -Path (Join-Path $dir 'c.txt') -Size 7 | Out-Null
        $before = $ExecutionContext.SessionState.Path.CurrentLocation
        $ExecutionContext.SessionState.Path.SetLocation($dir) | Out-Null
        try { Send-DropboxFile *.log -Destination /Wild/ } finally { $ExecutionContext.SessionState.Path.SetLocation($before.Path) | Out-Null }
        (Get-DropboxChildItem /Wild).Name | Should -Be @('a.log', 'b.log')
    }

    It 'writes to a full file path when the destination is not a folder' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'named.bin') -Size 20
        (Send-DropboxFile $file.FullName /Named/renamed.dat -PassThru).Path | Should -BeExactly '/Named/renamed.dat'
    }

    It 'uploads into an existing folder named without a trailing slash' {
        New-DropboxFolder /Existing | Out-Null
        $file = New-TestFile -Path (Join-Path $TestDrive 'into.txt') -Size 3
        (Send-DropboxFile $file.FullName /Existing -PassThru).Path | Should -BeExactly '/Existing/into.txt'
    }

    It 'treats an identical re-upload as success without a new revision' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'same.txt') -Size 50
        $first = Send-DropboxFile $file.FullName /Same/ -PassThru
        $again = Send-DropboxFile $file.FullName /Same/ -PassThru -ErrorAction Stop
        $again.Rev | Should -Be $first.Rev
    }

    It 'reports different content at the destination as a conflict, and -Autorename picks a free name' {
        $one = New-TestFile -Path (Join-Path $TestDrive 'c1/clash.txt') -Size 10 -Seed 1
        $two = New-TestFile -Path (Join-Path $TestDrive 'c2/clash.txt') -Size 10 -Seed 2
        Send-DropboxFile $one.FullName /Clash/ | Out-Null
        $record = { Send-DropboxFile $two.FullName /Clash/ -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.Conflict,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ResourceExists'
        $record.TargetObject | Should -Be '/Clash/clash.txt'
        (Send-DropboxFile $two.FullName /Clash/ -Autorename -PassThru).Name | Should -Be 'clash (1).txt'
        (Get-DropboxItem /Clash/clash.txt).ContentHash | Should -Be (Get-ContentHash $one.FullName)
    }

    It 'treats identical content as a conflict with -StrictConflict' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'strict.txt') -Size 10
        Send-DropboxFile $file.FullName /Strict/ | Out-Null
        { Send-DropboxFile $file.FullName /Strict/ -StrictConflict -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.Conflict,*'
    }

    It 'replaces with -Mode Overwrite, keeping the file id' {
        $one = New-TestFile -Path (Join-Path $TestDrive 'o1/over.txt') -Size 10 -Seed 1
        $two = New-TestFile -Path (Join-Path $TestDrive 'o2/over.txt') -Size 12 -Seed 2
        $first = Send-DropboxFile $one.FullName /Over/ -PassThru
        $second = Send-DropboxFile $two.FullName /Over/ -Mode Overwrite -PassThru -Mute
        $second.Id | Should -Be $first.Id
        $second.Length | Should -Be 12
    }

    It 'updates only the revision given with -Rev; a stale rev is a conflict and overwrites nothing' {
        $v1 = New-TestFile -Path (Join-Path $TestDrive 'u1/doc.txt') -Size 10 -Seed 1
        $v2 = New-TestFile -Path (Join-Path $TestDrive 'u2/doc.txt') -Size 10 -Seed 2
        $v3 = New-TestFile -Path (Join-Path $TestDrive 'u3/doc.txt') -Size 10 -Seed 3
        $first = Send-DropboxFile $v1.FullName /Upd/ -PassThru
        $second = Send-DropboxFile $v2.FullName /Upd/ -Mode Update -Rev $first.Rev -PassThru
        $second.ContentHash | Should -Be (Get-ContentHash $v2.FullName)
        { Send-DropboxFile $v3.FullName /Upd/ -Rev $first.Rev -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.Conflict,*'
        (Get-DropboxItem /Upd/doc.txt).Rev | Should -Be $second.Rev
    }

    It 'refuses -Mode Update without -Rev' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'norev.txt') -Size 1
        $record = { Send-DropboxFile $file.FullName /NoRev/ -Mode Update -ErrorAction Stop } | Should -Throw -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'reports a local file that does not exist as ObjectNotFound and goes on with the others' {
        $good = New-TestFile -Path (Join-Path $TestDrive 'exists.txt') -Size 4
        $missing = Join-Path $TestDrive 'missing.txt'
        Send-DropboxFile -LiteralPath $missing, $good.FullName -Destination /Missing/ -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Match '^PSDropbox.LocalPathNotFound'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        (Get-DropboxChildItem /Missing).Name | Should -Be 'exists.txt'
    }

    It 'refuses a folder without -Recurse' {
        $dir = New-TestFolder 'norecurse'
        $record = { Send-DropboxFile $dir /NoRecurse/ -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.FolderNeedsRecurse,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        { Get-DropboxItem /NoRecurse -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
    }

    It 'reports a destination whose parent is a file' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'parent.txt') -Size 2
        Send-DropboxFile $file.FullName /ParentFile/f.txt | Out-Null
        $record = { Send-DropboxFile $file.FullName /ParentFile/f.txt/child.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.ParentIsFile,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'uploads nothing with -WhatIf' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'whatif.txt') -Size 2
        Send-DropboxFile $file.FullName /WhatIfUp/ -WhatIf
        { Get-DropboxItem /WhatIfUp/whatif.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
    }

    It 'shows an overall bar with files and bytes, and a child bar for a file larger than one chunk, all completed at the end' {
        $dir = New-TestFolder 'prog'
        New-TestFile -Path (Join-Path $dir 'p1.bin') -Size (4MB + 300KB) | Out-Null
        New-TestFile -Path (Join-Path $dir 'p2.bin') -Size 200KB | Out-Null
        $records = (Invoke-Isolated "Send-DropboxFile '$dir' /Progress/ -Recurse -ChunkSize 4MB").Progress
        $files = @($records | Where-Object { $_.ActivityId -gt 1 -and $_.RecordType -eq 'Processing' })
        $files.Activity | Should -Contain 'Uploading p1.bin'
        $files.Activity | Should -Not -Contain 'Uploading p2.bin'
        $files[0].StatusDescription | Should -Match ' of .* at .*/s'
        $files | ForEach-Object { $_.ParentActivityId | Should -Be 1 }
        $overall = @($records | Where-Object { $_.ActivityId -eq 1 -and $_.RecordType -eq 'Processing' })
        $overall[-1].StatusDescription | Should -Match '^File 2 of 2: 4.5 MB of 4.5 MB at '
        $overall[-1].PercentComplete | Should -Be 100
        @($records | Where-Object { $_.RecordType -eq 'Completed' }).Count | Should -Be 2
        $records[-1].RecordType | Should -Be 'Completed'
        $records[-1].ActivityId | Should -Be 1
    }
}

Describe 'Send-DropboxFile upload sessions' {
    BeforeAll {
        function Get-Session([string]$Id) { Invoke-EmulatorAdmin -Method GET -Path upload_sessions | Where-Object { $_.session_id -eq $Id } }
        function Get-RouteCount([string]$Route) { @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = $Route }).Count }
    }

    It 'sends a file just over -ChunkSize through a session, one request per chunk, verified' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'chunked.bin') -Size (8MB + 5) -Seed 21
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $result = Send-DropboxFile $file.FullName /Chunked/ -ChunkSize 4MB -PassThru
        $result.ContentHash | Should -BeExactly (Get-ContentHash $file.FullName)
        $result.Length | Should -Be (8MB + 5)
        Get-RouteCount 'files/upload_session/start' | Should -Be 1
        Get-RouteCount 'files/upload_session/append_v2' | Should -Be 1
        Get-RouteCount 'files/upload_session/finish' | Should -Be 1
        Get-RouteCount 'files/upload' | Should -Be 0
        $session = @(Invoke-EmulatorAdmin -Method GET -Path upload_sessions)[0]
        @($session.finished, $session.bytes_accepted, $session.bytes_refused) | Should -Be @($true, (8MB + 5), 0)
    }

    It 'sends a file of exactly -ChunkSize in one request' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'exact.bin') -Size 4MB -Seed 22
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        (Send-DropboxFile $file.FullName /Chunked/ -ChunkSize 4MB -PassThru).ContentHash | Should -BeExactly (Get-ContentHash $file.FullName)
        Get-RouteCount 'files/upload' | Should -Be 1
        Get-RouteCount 'files/upload_session/start' | Should -Be 0
    }

    It 'refuses a -ChunkSize that is not a multiple of 4 MiB' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'odd.bin') -Size 10
        $record = { Send-DropboxFile $file.FullName /Chunked/ -ChunkSize 5MB -ErrorAction Stop } | Should -Throw -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.ToString() | Should -Match 'multiple of 4 MiB'
    }

    It 'finishes a failed upload later with -Resume, continuing the same session without re-sending a byte' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'resume.bin') -Size (12MB + 3) -Seed 23
        $blocker = New-TestFile -Path (Join-Path $TestDrive 'blocker.bin') -Size 10
        Send-DropboxFile $blocker.FullName /Resume/resume.bin | Out-Null
        { Send-DropboxFile $file.FullName /Resume/resume.bin -ChunkSize 4MB -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.Conflict,*'
        # files/upload conflicts keep their refused bodies in sessions of their own (UploadWriteFailed.upload_session_id),
        # which no session route filled: the session this upload sent its bytes to is the one with accepted bytes.
        $open = @(Invoke-EmulatorAdmin -Method GET -Path upload_sessions | Where-Object { -not $_.finished -and $_.bytes_accepted -gt 0 })
        $open | Should -HaveCount 1
        $open[0].offset | Should -Be (12MB + 3)

        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $result = Send-DropboxFile $file.FullName /Resume/resume.bin -ChunkSize 4MB -Mode Overwrite -Resume -PassThru
        $result.ContentHash | Should -BeExactly (Get-ContentHash $file.FullName)
        Get-RouteCount 'files/upload_session/start' | Should -Be 0
        Get-RouteCount 'files/upload_session/append_v2' | Should -Be 1 -Because 'one empty append asks the server for its offset'
        $session = Get-Session $open[0].session_id
        @($session.finished, $session.bytes_accepted, $session.bytes_refused) | Should -Be @($true, (12MB + 3), 0)
    }

    It 'starts over with -Resume when the session it recorded has expired' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'expired.bin') -Size (8MB + 1) -Seed 25
        $blocker = New-TestFile -Path (Join-Path $TestDrive 'blocker3.bin') -Size 10
        Send-DropboxFile $blocker.FullName /Expired/expired.bin | Out-Null
        { Send-DropboxFile $file.FullName /Expired/expired.bin -ChunkSize 4MB -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.Conflict,*'
        Invoke-EmulatorAdmin -Method POST -Path clock -Body @{ advance_seconds = 8 * 86400 } | Out-Null

        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $result = Send-DropboxFile $file.FullName /Expired/expired.bin -ChunkSize 4MB -Mode Overwrite -Resume -PassThru
        $result.ContentHash | Should -BeExactly (Get-ContentHash $file.FullName)
        Get-RouteCount 'files/upload_session/start' | Should -Be 1 -Because 'the expired session cannot be continued'
    }

    It 'resumes from the offset the server reports when the local record is behind it' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'behind.bin') -Size (12MB) -Seed 24
        $blocker = New-TestFile -Path (Join-Path $TestDrive 'blocker2.bin') -Size 10
        Send-DropboxFile $blocker.FullName /Behind/behind.bin | Out-Null
        { Send-DropboxFile $file.FullName /Behind/behind.bin -ChunkSize 4MB -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.Conflict,*'
        # Rewind the owner-only state file to the first chunk, as a process killed before recording its progress would leave it.
        $stateDir = [System.IO.Path]::Combine([Environment]::GetFolderPath('LocalApplicationData'), 'PSDropbox', 'uploads')
        $state = [System.IO.Directory]::GetFiles($stateDir, '*.json') | Where-Object { (Get-Content -LiteralPath $_ -Raw | ConvertFrom-Json).local_path -eq $file.FullName }
        $state | Should -HaveCount 1
        if (-not $IsWindows) {
            [int][System.IO.File]::GetUnixFileMode($state) | Should -Be 384 -Because 'the state file is owner-only (0600)'
            [int][System.IO.File]::GetUnixFileMode($stateDir) | Should -Be 448 -Because 'its folder is owner-only (0700)'
        }
        [System.IO.File]::WriteAllText($state, ([System.IO.File]::ReadAllText($state) -replace '"offset":\d+', '"offset":4194304'))

        $result = Send-DropboxFile $file.FullName /Behind/behind.bin -ChunkSize 4MB -Mode Overwrite -Resume -PassThru
        $result.ContentHash | Should -BeExactly (Get-ContentHash $file.FullName)
        [System.IO.File]::Exists($state) | Should -BeFalse
    }
}

Describe 'Receive-DropboxFile' {
    BeforeAll {
        $script:src = New-TestFile -Path (Join-Path $TestDrive 'src/data.bin') -Size 200KB -Seed 11
        $script:src.LastWriteTimeUtc = [datetime]::new(2023, 1, 2, 3, 4, 5, [System.DateTimeKind]::Utc)
        $script:meta = Send-DropboxFile $script:src.FullName /Down/ -PassThru
    }

    It 'downloads into an existing folder under the Dropbox name with the client_modified time' {
        $dir = New-TestFolder 'dl1'
        Receive-DropboxFile /Down/data.bin -Destination $dir
        $local = [System.IO.FileInfo]::new((Join-Path $dir 'data.bin'))
        $local.FullName | Should -Exist
        (Get-ContentHash $local.FullName) | Should -Be $script:meta.ContentHash
        $local.LastWriteTimeUtc | Should -Be ([datetime]::new(2023, 1, 2, 3, 4, 5, [System.DateTimeKind]::Utc))
        [System.IO.Directory]::GetFiles($dir) | Should -HaveCount 1
    }

    It 'returns the Dropbox metadata with the LocalPath with -PassThru and takes items from Get-DropboxChildItem' {
        $dir = New-TestFolder 'dl2'
        $out = Get-DropboxChildItem /Down | Receive-DropboxFile -Destination $dir -PassThru
        $out | Should -BeOfType ([PSDropbox.DropboxFile])
        $out.Path | Should -BeExactly '/Down/data.bin'
        $out.LocalPath | Should -BeExactly (Join-Path $dir 'data.bin')
        $out.Skipped | Should -BeFalse
        $out.ContentHash | Should -BeExactly (Get-ContentHash $out.LocalPath)
        $out.pstypenames[0] | Should -BeExactly 'PSDropbox.DownloadedFile'
        $table = $out | Format-Table | Out-String
        $table | Should -Match 'Status\s+Length\s+Path\s+LocalPath'
        $table | Should -Match 'Downloaded\s+\d+\s+/Down/data\.bin'
    }

    It 'refuses to overwrite a local file without -Force, and overwrites with it' {
        $dir = New-TestFolder 'dl3'
        $target = Join-Path $dir 'data.bin'
        [System.IO.File]::WriteAllText($target, 'keep me')
        $record = { Receive-DropboxFile /Down/data.bin -Destination $dir -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.LocalFileExists,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ResourceExists'
        [System.IO.File]::ReadAllText($target) | Should -Be 'keep me'
        Receive-DropboxFile /Down/data.bin -Destination $dir -Force
        (Get-ContentHash $target) | Should -Be $script:meta.ContentHash
    }

    It 'downloads an older revision with -Rev' {
        $old = $script:meta.Rev
        $newer = New-TestFile -Path (Join-Path $TestDrive 'newer/data.bin') -Size 1234 -Seed 12
        Send-DropboxFile $newer.FullName /Down/ -Mode Overwrite | Out-Null
        $dir = New-TestFolder 'dl4'
        Receive-DropboxFile /Down/data.bin -Rev $old -Destination $dir
        (Get-ContentHash (Join-Path $dir 'data.bin')) | Should -Be (Get-ContentHash $script:src.FullName)
    }

    It 'reports a missing remote file as ObjectNotFound and leaves nothing behind' {
        $dir = New-TestFolder 'dl5'
        { Receive-DropboxFile /Down/nope.bin -Destination $dir -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
        [System.IO.Directory]::GetFileSystemEntries($dir) | Should -BeNullOrEmpty
    }

    It 'refuses a folder without -Recurse' {
        { Receive-DropboxFile /Down -Destination (New-TestFolder 'dl6') -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.FolderNeedsRecurse,*'
    }

    It 'reports a local destination whose parent is a file' {
        $blocker = Join-Path $TestDrive 'blocker'
        [System.IO.File]::WriteAllText($blocker, 'x')
        $record = { Receive-DropboxFile /Down/data.bin -Destination (Join-Path $blocker 'data.bin') -ErrorAction Stop } | Should -Throw -PassThru
        $record.FullyQualifiedErrorId | Should -Match '^PSDropbox\.Local'
        [System.IO.File]::ReadAllText($blocker) | Should -Be 'x'
    }

    It 'downloads nothing with -WhatIf' {
        $dir = New-TestFolder 'dl7'
        Receive-DropboxFile /Down/data.bin -Destination $dir -WhatIf
        [System.IO.Directory]::GetFileSystemEntries($dir) | Should -BeNullOrEmpty
    }

    It 'makes unsafe remote names safe, with a warning, inside the destination' {
        $file = New-TestFile -Path (Join-Path $TestDrive 'plain.txt') -Size 9
        Send-DropboxFile $file.FullName '/Unsafe/a:b?.txt' | Out-Null
        Send-DropboxFile $file.FullName '/Unsafe/CON.txt' | Out-Null
        $dir = New-TestFolder 'dl8'
        Receive-DropboxFile '/Unsafe/a:b?.txt', '/Unsafe/CON.txt' -Destination $dir -WarningVariable warnings -WarningAction SilentlyContinue
        (Join-Path $dir 'a_b_.txt') | Should -Exist
        (Join-Path $dir '_CON.txt') | Should -Exist
        $warnings | Should -HaveCount 2
        "$($warnings[0])" | Should -Match 'a_b_.txt'
    }
}

Describe 'Round trip with -Recurse' {
    It 'uploads a random tree and downloads it back byte-identical' {
        $tree = New-TestFolder 'tree'
        $random = [System.Random]::new(42)
        $files = foreach ($i in 1..12) {
            $depth = $random.Next(0, 3)
            $parts = @(1..$depth | ForEach-Object { 'd' + $random.Next(0, 3) }) + "f$i.bin"
            $rel = $parts -join '/'
            $null = New-TestFile -Path (Join-Path $tree $rel) -Size ($random.Next(0, 300) * 1000) -Seed $i
            $rel
        }
        [System.IO.Directory]::CreateDirectory((Join-Path $tree 'empty')) | Out-Null
        Send-DropboxFile $tree /Mirror/ -Recurse
        (Get-DropboxItem /Mirror/tree/empty) | Should -BeOfType ([PSDropbox.DropboxFolder])

        $back = New-TestFolder 'back'
        Receive-DropboxFile /Mirror/tree -Destination $back -Recurse
        foreach ($rel in $files) {
            (Get-ContentHash (Join-Path $back "tree/$rel")) | Should -Be (Get-ContentHash (Join-Path $tree $rel)) -Because $rel
        }
        (Join-Path $back 'tree/empty') | Should -Exist
        @([System.IO.Directory]::GetFiles((Join-Path $back 'tree'), '*', 'AllDirectories')).Count | Should -Be $files.Count
    }
}

Describe 'Receive-DropboxFile into an unwritable folder' {
    BeforeAll {
        $file = New-TestFile -Path (Join-Path $TestDrive 'ro-src/data.bin') -Size 5000 -Seed 41
        Send-DropboxFile $file.FullName /ReadOnly/ | Out-Null
    }

    # chmod 555 stops a normal user, but not root (CI containers often run tests as root): there the destination is
    # /sys/kernel, a folder in which the kernel refuses to create files for everyone, root included. Either way the
    # assertion is about a destination folder the process may not write into.
    It 'reports a read-only destination folder as PermissionDenied and leaves nothing behind' {
        $dir = New-TestFolder 'readonly'
        $restore = $null
        if ($IsWindows) {
            $info = [System.IO.DirectoryInfo]::new($dir)
            $acl = [System.IO.FileSystemAclExtensions]::GetAccessControl($info)
            $deny = [System.Security.AccessControl.FileSystemAccessRule]::new([System.Security.Principal.WindowsIdentity]::GetCurrent().User, 'CreateFiles, WriteData, AppendData', 'Deny')
            $acl.AddAccessRule($deny)
            [System.IO.FileSystemAclExtensions]::SetAccessControl($info, $acl)
            $restore = { $acl.RemoveAccessRule($deny) | Out-Null; [System.IO.FileSystemAclExtensions]::SetAccessControl($info, $acl) }
        }
        elseif ((& id -u) -eq '0') {
            $dir = '/sys/kernel'
        }
        else {
            [System.IO.File]::SetUnixFileMode($dir, [System.IO.UnixFileMode]'UserRead, UserExecute, GroupRead, GroupExecute, OtherRead, OtherExecute')
            $restore = { [System.IO.File]::SetUnixFileMode($dir, [System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute') }
        }
        try {
            $record = { Receive-DropboxFile /ReadOnly/data.bin -Destination $dir -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.LocalAccessDenied,*' -PassThru
            $record.CategoryInfo.Category | Should -Be 'PermissionDenied'
            $record.TargetObject | Should -Be '/ReadOnly/data.bin'
            [System.IO.File]::Exists((Join-Path $dir 'data.bin')) | Should -BeFalse
            [System.IO.File]::Exists((Join-Path $dir 'data.bin.psdropbox-partial')) | Should -BeFalse
        }
        finally { if ($restore) { & $restore } }
        if ($dir -ne '/sys/kernel') { [System.IO.Directory]::GetFileSystemEntries($dir) | Should -BeNullOrEmpty }
    }
}

Describe 'Receive-DropboxFile -Resume after an interrupted download' {
    BeforeAll {
        # A second runspace, as a user's prompt would be, so that the test can press Ctrl+C (PowerShell.Stop()) on it.
        function Start-StoppableCommand([string]$Script) {
            $runspace = [runspacefactory]::CreateRunspace([initialsessionstate]::CreateDefault2())
            $runspace.Open()
            $ps = [powershell]::Create()
            $ps.Runspace = $runspace
            $module = [System.IO.Path]::Combine($script:RepoRoot, 'out', 'PSDropbox', 'PSDropbox.psd1')
            $null = $ps.AddScript("Import-Module '$module' -ErrorAction Stop; Connect-Dropbox -AccessToken '$($Emulator.AccessToken)' -ApiEndpoint '$($Emulator.BaseUrl)' | Out-Null; $Script")
            $null = $ps.BeginInvoke()
            $ps
        }
        $script:big = New-TestFile -Path (Join-Path $TestDrive 'resume-src/big.bin') -Size 1MB -Seed 51
        Send-DropboxFile $script:big.FullName /ResumeDown/ | Out-Null
    }

    AfterAll { Invoke-EmulatorAdmin -Method DELETE -Path faults | Out-Null }

    It 'keeps the partial file when Ctrl+C stops a download mid-body, and -Resume continues it with a Range request from its size' {
        $dir = New-TestFolder 'resume-down'
        $partial = Join-Path $dir 'big.bin.psdropbox-partial'
        # The emulator stalls the body halfway through its first write: some bytes arrive, then nothing for 30 s.
        Invoke-EmulatorAdmin -Method POST -Path faults -Body @{ spec = 'slow=1,slowms=30000,routes=files/download'; seed = 1 } | Out-Null
        $ps = Start-StoppableCommand "Receive-DropboxFile /ResumeDown/big.bin -Destination '$dir'"
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not ([System.IO.File]::Exists($partial) -and [System.IO.FileInfo]::new($partial).Length -gt 0)) {
                if ([DateTime]::UtcNow -gt $deadline) { throw 'No bytes of the download reached the partial file within 60 s.' }
                [System.Threading.Thread]::Sleep(50)
            }
            $ps.Stop()
            "$($ps.InvocationStateInfo.State)" | Should -Be 'Stopped'
        }
        finally { $ps.Runspace.Dispose(); $ps.Dispose() }
        Invoke-EmulatorAdmin -Method DELETE -Path faults | Out-Null

        [System.IO.File]::Exists((Join-Path $dir 'big.bin')) | Should -BeFalse -Because 'the destination name never holds a partial file'
        $kept = [System.IO.FileInfo]::new($partial).Length
        $kept | Should -BeGreaterThan 0
        $kept | Should -BeLessThan 1MB

        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $result = Receive-DropboxFile /ResumeDown/big.bin -Destination $dir -Resume -PassThru
        $result.LocalPath | Should -Be (Join-Path $dir 'big.bin')
        (Get-ContentHash $result.LocalPath) | Should -BeExactly (Get-ContentHash $script:big.FullName)
        [System.IO.File]::Exists($partial) | Should -BeFalse
        $downloads = @(Invoke-EmulatorAdmin -Path requests -Query @{ route = 'files/download' })
        $downloads | Should -HaveCount 1
        $downloads[0].range | Should -Be "bytes=$kept-"
        $downloads[0].status | Should -Be 206
    }
}

Describe 'Receive-DropboxFile -AsZip' {
    BeforeAll {
        $script:zipTree = New-TestFolder 'ziptree'
        $script:zipFiles = @('a.bin', 'Sub/b.txt', 'Sub/Deeper/zero.bin', 'Ünï 😀/Résumé 😀 日本.txt')
        $sizes = @(300KB, 1000, 0, 64)
        for ($i = 0; $i -lt $script:zipFiles.Count; $i++) {
            New-TestFile -Path (Join-Path $script:zipTree $script:zipFiles[$i]) -Size $sizes[$i] -Seed (30 + $i) | Out-Null
        }
        [System.IO.Directory]::CreateDirectory((Join-Path $script:zipTree 'empty')) | Out-Null
        Send-DropboxFile $script:zipTree /ZipSrc/ -Recurse
        New-DropboxFolder /ZipSrc/Nothing | Out-Null

        # name -> SHA-256 of the bytes ($null for a folder entry), read from the zip on disk.
        function Get-ZipEntryHashes([string]$Path) {
            $result = [System.Collections.Generic.Dictionary[string, string]]::new([System.StringComparer]::Ordinal)
            $stream = [System.IO.File]::OpenRead($Path)
            $zip = [System.IO.Compression.ZipArchive]::new($stream, [System.IO.Compression.ZipArchiveMode]::Read)
            try {
                foreach ($entry in $zip.Entries) {
                    if ($entry.FullName.EndsWith('/')) { $result[$entry.FullName] = $null; continue }
                    $content = $entry.Open()
                    try { $result[$entry.FullName] = [System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($content)) }
                    finally { $content.Dispose() }
                }
            }
            finally { $zip.Dispose(); $stream.Dispose() }
            , $result
        }
        function Get-FileSha256([string]$Path) { [System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData([System.IO.File]::ReadAllBytes($Path))) }
        function Get-RouteCount([string]$Route) { @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = $Route }).Count }
    }

    It 'downloads a folder as its-name.zip whose entries and bytes equal the uploaded tree, non-ASCII names and empty folders included' {
        $dir = New-TestFolder 'zip1'
        $zip = Receive-DropboxFile /ZipSrc/ziptree -Destination $dir -AsZip -PassThru
        $zip | Should -BeOfType ([System.IO.FileInfo])
        $zip.FullName | Should -Be (Join-Path $dir 'ziptree.zip')
        [System.IO.Directory]::GetFileSystemEntries($dir) | Should -Be @($zip.FullName) -Because 'no partial file is left beside the zip'

        $entries = Get-ZipEntryHashes $zip.FullName
        $fileEntries = @($entries.Keys | Where-Object { -not $_.EndsWith('/') })
        $fileEntries.Count | Should -Be $script:zipFiles.Count
        foreach ($rel in $script:zipFiles) {
            $entries.ContainsKey("ziptree/$rel") | Should -BeTrue -Because "ziptree/$rel is in the tree"
            $entries["ziptree/$rel"] | Should -BeExactly (Get-FileSha256 (Join-Path $script:zipTree $rel)) -Because $rel
        }
        foreach ($folder in 'ziptree/', 'ziptree/empty/', 'ziptree/Sub/', 'ziptree/Sub/Deeper/', 'ziptree/Ünï 😀/') {
            $entries.ContainsKey($folder) | Should -BeTrue -Because "$folder is a folder of the tree"
        }
        $entries.Count | Should -Be ($script:zipFiles.Count + 5)
    }

    It 'downloads an empty folder as a zip holding just that folder' {
        $dir = New-TestFolder 'zip2'
        Receive-DropboxFile /ZipSrc/Nothing -Destination $dir -AsZip
        $entries = Get-ZipEntryHashes (Join-Path $dir 'Nothing.zip')
        @($entries.Keys) | Should -Be @('Nothing/')
    }

    It 'writes to a file path, refuses to replace it without -Force and replaces it with -Force' {
        $target = Join-Path (New-TestFolder 'zip3') 'named.zip'
        Receive-DropboxFile /ZipSrc/ziptree/Sub -Destination $target -AsZip
        @((Get-ZipEntryHashes $target).Keys) | Should -Contain 'Sub/b.txt'
        [System.IO.File]::WriteAllText($target, 'keep me')
        $record = { Receive-DropboxFile /ZipSrc/ziptree/Sub -Destination $target -AsZip -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.LocalFileExists,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ResourceExists'
        [System.IO.File]::ReadAllText($target) | Should -Be 'keep me'
        Receive-DropboxFile /ZipSrc/ziptree/Sub -Destination $target -AsZip -Force
        @((Get-ZipEntryHashes $target).Keys) | Should -Contain 'Sub/Deeper/zero.bin'
    }

    It 'downloads nothing with -WhatIf' {
        $dir = New-TestFolder 'zip4'
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        Receive-DropboxFile /ZipSrc/ziptree -Destination $dir -AsZip -WhatIf
        [System.IO.Directory]::GetFileSystemEntries($dir) | Should -BeNullOrEmpty
        Get-RouteCount 'files/download_zip' | Should -Be 0
    }

    It 'reports a missing folder as ObjectNotFound and leaves nothing behind' {
        $dir = New-TestFolder 'zip5'
        $record = { Receive-DropboxFile /ZipSrc/missing -Destination $dir -AsZip -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        [System.IO.Directory]::GetFileSystemEntries($dir) | Should -BeNullOrEmpty
    }

    It 'refuses a file with the error Dropbox gives (path/not_folder) and leaves nothing behind' {
        $dir = New-TestFolder 'zip6'
        $record = { Receive-DropboxFile /ZipSrc/ziptree/a.bin -Destination $dir -AsZip -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.NotAFolder,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidType'
        $record.TargetObject | Should -Be '/ZipSrc/ziptree/a.bin'
        "$record" | Should -Match "'/ZipSrc/ziptree/a.bin' is a file, not a folder"
        [System.IO.Directory]::GetFileSystemEntries($dir) | Should -BeNullOrEmpty
    }

    It 'refuses -AsZip with -<Other> before sending anything' -ForEach @(
        @{ Other = 'Resume'; Extra = @{ Resume = $true } }
        @{ Other = 'Rev'; Extra = @{ Rev = '0123456789abcdef' } }
    ) {
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $record = { Receive-DropboxFile /ZipSrc/ziptree -Destination (New-TestFolder "zip7$Other") -AsZip @Extra -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.InvalidArgument,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$record" | Should -Match "-AsZip cannot be used with -$Other"
        @(Invoke-EmulatorAdmin -Method GET -Path requests).Count | Should -Be 0
    }

    It 'refuses the whole Dropbox (the root) as one zip' {
        $record = { Receive-DropboxFile / -Destination (New-TestFolder 'zip-root') -AsZip -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.InvalidArgument,*' -PassThru
        "$record" | Should -Match 'cannot be downloaded as one zip'
    }

    It 'explains a folder over the zip limits (<Limit>) as <ErrorId> and points to -Recurse' -ForEach @(
        @{ Limit = 'max_entries'; ErrorId = 'PSDropbox.TooManyFiles,*' }
        @{ Limit = 'max_bytes'; ErrorId = 'PSDropbox.ZipTooLarge,*' }
    ) {
        $dir = New-TestFolder "zip8$Limit"
        Invoke-EmulatorAdmin -Method POST -Path download_zip_limits -Body @{ $Limit = 3 } | Out-Null
        try {
            $record = { Receive-DropboxFile /ZipSrc/ziptree -Destination $dir -AsZip -ErrorAction Stop } | Should -Throw -ErrorId $ErrorId -PassThru
        }
        finally { Invoke-EmulatorAdmin -Method POST -Path download_zip_limits -Body @{ max_entries = 9999; max_bytes = 21474836480 } | Out-Null }
        $record.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        "$record" | Should -Match 'too big for one zip.*-Recurse'
        [System.IO.Directory]::GetFileSystemEntries($dir) | Should -BeNullOrEmpty
    }

    It 'starts the zip over when the connection breaks inside it, and the zip is whole' {
        $dir = New-TestFolder 'zip10'
        Invoke-EmulatorAdmin -Method POST -Path faults -Body @{ spec = 'cut=1,count=1,routes=files/download_zip'; seed = 3 } | Out-Null
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        try { Receive-DropboxFile /ZipSrc/ziptree -Destination $dir -AsZip -ErrorAction Stop }
        finally { Invoke-EmulatorAdmin -Method DELETE -Path faults | Out-Null }
        $log = @(Invoke-EmulatorAdmin -Path requests -Query @{ route = 'files/download_zip' })
        $log | Should -HaveCount 2
        $log[0].fault | Should -Match '^cut-response@[1-9]\d*$' -Because 'the first zip broke after some of its bytes had arrived'
        $entries = Get-ZipEntryHashes (Join-Path $dir 'ziptree.zip')
        $entries['ziptree/a.bin'] | Should -BeExactly (Get-FileSha256 (Join-Path $script:zipTree 'a.bin'))
        [System.IO.Directory]::GetFileSystemEntries($dir) | Should -HaveCount 1
    }

    It 'shows the bytes received and the rate, with no percent (the size of a zip is unknown), and completes the bar' {
        $dir = New-TestFolder 'zip9'
        $records = (Invoke-Isolated "Receive-DropboxFile /ZipSrc/ziptree -Destination '$dir' -AsZip").Progress
        $processing = @($records | Where-Object { $_.RecordType -eq 'Processing' })
        $processing.Count | Should -BeGreaterThan 0
        $processing | ForEach-Object {
            $_.Activity | Should -Be 'Downloading ziptree.zip'
            $_.StatusDescription | Should -Match '^\d+(\.\d)? [KM]?B at .*/s$'
            $_.PercentComplete | Should -Be -1
        }
        $records[-1].RecordType | Should -Be 'Completed'
        (Join-Path $dir 'ziptree.zip') | Should -Exist
    }
}
