BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox
    # The hash cache lives under the user's local data folder: keep this file's apart.
    $script:OldDataHome = $env:XDG_DATA_HOME
    $env:XDG_DATA_HOME = Join-Path $TestDrive 'data-home'

    # A local folder with the given files (relative path => content); returns its full path.
    function New-Tree([string]$Name, [hashtable]$Files) {
        $root = Join-Path $TestDrive $Name
        $null = New-Item -ItemType Directory -Path $root -Force
        foreach ($relative in $Files.Keys) {
            $path = Join-Path $root $relative
            $null = New-Item -ItemType Directory -Path (Split-Path $path) -Force
            [System.IO.File]::WriteAllText($path, $Files[$relative])
        }
        $root
    }
    # Uploads every file of a local folder to the same relative path under a Dropbox folder, one by one.
    function Publish-Tree([string]$Local, [string]$Remote) {
        Get-ChildItem -LiteralPath $Local -Recurse -File | ForEach-Object {
            Send-DropboxFile -LiteralPath $_.FullName -Destination ($Remote + '/' + [System.IO.Path]::GetRelativePath($Local, $_.FullName).Replace('\', '/'))
        }
    }
    function Plan([string]$Local, [string]$Remote, [hashtable]$More = @{}) {
        $result = @(Compare-DropboxFolder -LocalPath $Local -RemotePath $Remote @More)
        $byPath = [ordered]@{}
        foreach ($item in $result) { $byPath[$item.RelativePath] = $item }
        $byPath
    }
}

AfterAll {
    $env:XDG_DATA_HOME = $script:OldDataHome
}

Describe 'Compare-DropboxFolder' {
    BeforeAll {
        $script:cmpLocal = New-Tree 'cmp' @{ 'same.txt' = 'same'; 'size.txt' = 'longer now'; 'hash.txt' = 'abcd'; 'new.txt' = 'new'; 'sub/deep.txt' = 'deep' }
        $seed = New-Tree 'cmp-seed' @{ 'same.txt' = 'same'; 'size.txt' = 'short'; 'hash.txt' = 'wxyz'; 'gone.txt' = 'gone'; 'sub/deep.txt' = 'deep'; 'oldsub/x.txt' = 'x' }
        Publish-Tree $seed /Cmp
    }

    It 'writes one item per path, in order, saying what an upload would do and why' {
        $plan = Plan $cmpLocal /Cmp
        @($plan.Keys) | Should -Be @('gone.txt', 'hash.txt', 'new.txt', 'oldsub', 'oldsub/x.txt', 'same.txt', 'size.txt', 'sub', 'sub/deep.txt')
        $plan['same.txt'].Status | Should -Be 'Same'
        $plan['same.txt'].Action | Should -Be 'None'
        $plan['same.txt'].SideIndicator | Should -Be '=='
        $plan['size.txt'].Status | Should -Be 'Different'
        $plan['size.txt'].Action | Should -Be 'Upload'
        $plan['size.txt'].Reason | Should -Match 'sizes differ'
        $plan['hash.txt'].Status | Should -Be 'Different'
        $plan['hash.txt'].Reason | Should -Be 'same size, different content hash'
        $plan['hash.txt'].LocalContentHash | Should -BeExactly (Get-ContentHash (Join-Path $cmpLocal 'hash.txt'))
        $plan['new.txt'].Status | Should -Be 'SourceOnly'
        $plan['new.txt'].SideIndicator | Should -Be '<='
        $plan['new.txt'].RemotePath | Should -BeExactly '/Cmp/new.txt'
        $plan['gone.txt'].Status | Should -Be 'DestinationOnly'
        $plan['gone.txt'].Action | Should -Be 'None'
        $plan['gone.txt'].Reason | Should -Match '-Delete'
        $plan['oldsub'].ItemType | Should -Be 'Folder'
        $plan['sub/deep.txt'].Status | Should -Be 'Same'
        $plan['sub/deep.txt'].LocalPath | Should -BeExactly (Join-Path $cmpLocal 'sub' 'deep.txt')
        $plan.Values | ForEach-Object { $_ | Should -BeOfType ([PSDropbox.DropboxSyncItem]); $_.Outcome | Should -Be 'Planned' }
    }

    It 'plans deletes with -Delete, and the download direction with -Direction Download' {
        $plan = Plan $cmpLocal /Cmp @{ Delete = $true }
        $plan['gone.txt'].Action | Should -Be 'Delete'
        $plan['oldsub/x.txt'].Action | Should -Be 'Delete'
        $down = Plan $cmpLocal /Cmp @{ Direction = 'Download'; Delete = $true }
        $down['gone.txt'].Status | Should -Be 'SourceOnly'
        $down['gone.txt'].Action | Should -Be 'Download'
        $down['gone.txt'].LocalPath | Should -BeExactly (Join-Path $cmpLocal 'gone.txt')
        $down['new.txt'].Status | Should -Be 'DestinationOnly'
        $down['new.txt'].Action | Should -Be 'Delete'
        $down['size.txt'].Action | Should -Be 'Download'
        $down['same.txt'].Action | Should -Be 'None'
    }

    It 'changes nothing on either side' {
        $before = Get-ChildItem $cmpLocal -Recurse | ForEach-Object { "$($_.FullName)|$($_.Length)|$($_.LastWriteTimeUtc.Ticks)" }
        $mark = Get-RequestMark
        $null = Plan $cmpLocal /Cmp @{ Delete = $true; Direction = 'Download' }
        Get-ChildItem $cmpLocal -Recurse | ForEach-Object { "$($_.FullName)|$($_.Length)|$($_.LastWriteTimeUtc.Ticks)" } | Should -Be $before
        $routes = @(Get-LoggedRequests -After $mark | ForEach-Object route)
        $routes | Where-Object { $_ -notlike 'files/list_folder*' } | Should -BeNullOrEmpty
    }

    It 'reports names that are one name in Dropbox as conflicts, and leaves the Dropbox file alone' -ForEach @(
        @{ Case = 'case'; First = 'report.txt'; Second = 'REPORT.txt' }
        @{ Case = 'Unicode form'; First = "caf$([char]0xE9).txt"; Second = "cafe$([char]0x301).txt" }
    ) {
        $files = [hashtable]::new([StringComparer]::Ordinal)
        $files[$First] = 'one'
        $files[$Second] = 'two'
        $local = New-Tree "conflict-$($Case -replace ' ')" $files
        $seed = New-Tree "conflict-seed-$($Case -replace ' ')" @{ $First = 'remote' }
        Publish-Tree $seed "/Conflict-$($Case -replace ' ')"
        $plan = @(Compare-DropboxFolder $local "/Conflict-$($Case -replace ' ')" -Delete)
        $plan.Count | Should -Be 2
        $plan | ForEach-Object { $_.Status | Should -Be 'Conflict'; $_.Action | Should -Be 'None'; $_.SideIndicator | Should -Be '!!' }
        @($plan.RelativePath | Sort-Object) | Should -Be @(@($First, $Second) | Sort-Object)
        $plan[0].Reason | Should -Match 'one name in Dropbox'
    }

    It 'leaves out -Exclude matches on both sides, and keeps only -Include matches' {
        $local = New-Tree 'filters' @{ 'keep.txt' = 'k'; 'debug.log' = 'l'; 'cache/blob.bin' = 'b'; 'docs/a.md' = 'a'; 'docs/b.txt' = 'b' }
        $plan = Plan $local /Filters @{ Exclude = @('*.log', 'cache') }
        @($plan.Keys) | Should -Be @('docs', 'docs/a.md', 'docs/b.txt', 'keep.txt')
        $plan = Plan $local /Filters @{ Include = @('*.txt') ; Exclude = 'docs/b*' }
        @($plan.Keys) | Should -Be @('cache', 'docs', 'keep.txt')
        $plan['docs'].Action | Should -Be 'None'
        $plan = Plan $local /Filters @{ Exclude = 'docs\*' }
        @($plan.Keys) | Should -Be @('cache', 'cache/blob.bin', 'debug.log', 'docs', 'keep.txt')
    }

    It 'skips temporary files and names Dropbox never syncs, but not hidden files' {
        $local = New-Tree 'junk' @{ '.hidden' = 'h'; 'desktop.ini' = 'x'; 'Thumbs.db' = 'x'; '~$report.docx' = 'x'; '~a1b2.tmp' = 'x'; 'x.psdropbox-partial' = 'x'; 'real.txt' = 'r' }
        @((Plan $local /Junk).Keys) | Should -Be @('.hidden', 'real.txt')
    }

    It 'does not follow symbolic links' {
        $local = New-Tree 'links' @{ 'real/a.txt' = 'a' }
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $local 'loop') -Target $local
        $plan = Plan $local /Links
        @($plan.Keys) | Should -Be @('loop', 'real', 'real/a.txt')
        $plan['loop'].Status | Should -Be 'Skipped'
        $plan['loop'].ItemType | Should -Be 'SymbolicLink'
        $plan['loop'].Reason | Should -Match 'not followed'
    }

    It 'refuses <Name> with <Id>' -ForEach @(
        @{ Name = 'a missing local folder'; Local = 'missing-folder'; Remote = '/Cmp'; Id = 'PSDropbox.LocalPathNotFound'; More = @{} }
        @{ Name = 'a Dropbox file as the folder'; Local = 'cmp'; Remote = '/Cmp/same.txt'; Id = 'PSDropbox.NotAFolder'; More = @{} }
        @{ Name = 'a missing Dropbox folder to download'; Local = 'cmp'; Remote = '/Nowhere'; Id = 'PSDropbox.PathNotFound'; More = @{ Direction = 'Download' } }
        @{ Name = 'an id: path'; Local = 'cmp'; Remote = 'id:abc'; Id = 'PSDropbox.MalformedPath'; More = @{} }
        @{ Name = 'a bad wildcard'; Local = 'cmp'; Remote = '/Cmp'; Id = 'PSDropbox.InvalidFilter'; More = @{ Exclude = '[a' } }
    ) {
        $e = { Compare-DropboxFolder -LocalPath (Join-Path $TestDrive $Local) -RemotePath $Remote @More } | Should -Throw -ErrorId "$Id,PSDropbox.Commands.CompareDropboxFolderCommand" -PassThru
        $e.ToString() | Should -Not -Match '   at '
    }

    It 'plans an upload into a Dropbox folder that does not exist yet as all new' {
        $plan = Plan $cmpLocal /Brand/New
        $plan.Values | ForEach-Object { $_.Status | Should -Be 'SourceOnly' }
        $plan['sub/deep.txt'].RemotePath | Should -BeExactly '/Brand/New/sub/deep.txt'
    }
}

Describe 'Sync-DropboxFolder' {
    BeforeAll {
        function Get-RoutesSince([long]$Mark) { @(Get-LoggedRequests -After $Mark | ForEach-Object route) }
        # "relative path=content hash" (or "=folder") of every item, sorted: the two sides compare as arrays.
        function Get-RemoteState([string]$Remote) {
            @(Get-DropboxChildItem $Remote -Recurse | ForEach-Object {
                    $relative = $_.Path.Substring($Remote.Length + 1)
                    if ($_ -is [PSDropbox.DropboxFile]) { "$relative=$($_.ContentHash)" } else { "$relative=folder" }
                } | Sort-Object)
        }
        function Get-LocalState([string]$Local) {
            @(Get-ChildItem -LiteralPath $Local -Recurse -Force | ForEach-Object {
                    $relative = [System.IO.Path]::GetRelativePath($Local, $_.FullName).Replace('\', '/')
                    if ($_.PSIsContainer) { "$relative=folder" } else { "$relative=$(Get-ContentHash $_.FullName)" }
                } | Sort-Object)
        }
        function Split-Output([object[]]$Output) {
            @{ Items = @($Output | Where-Object { $_ -is [PSDropbox.DropboxSyncItem] }); Summary = @($Output | Where-Object { $_ -is [PSDropbox.DropboxSyncSummary] }) }
        }
    }

    Context 'uploading' {
        BeforeAll {
            $script:upLocal = New-Tree 'up' @{ 'same.txt' = 'same'; 'changed.txt' = 'new content'; 'new.txt' = 'n'; 'sub/deep.txt' = 'deep' }
            $null = New-Item -ItemType Directory -Path (Join-Path $upLocal 'empty')
            Publish-Tree (New-Tree 'up-seed' @{ 'same.txt' = 'same'; 'changed.txt' = 'old!'; 'sub/deep.txt' = 'deep'; 'extra.txt' = 'x' }) /Up
        }

        It 'copies what is new or different, leaves the rest, and ends with a summary' {
            $out = Split-Output (Sync-DropboxFolder -LocalPath $upLocal -RemotePath /Up -Direction Upload -PassThru)
            $out.Summary.Count | Should -Be 1
            $summary = $out.Summary[0]
            @($out.Items | ForEach-Object { "$($_.RelativePath):$($_.Action):$($_.Outcome)" } | Sort-Object) |
                Should -Be @('changed.txt:Upload:Done', 'empty:Upload:Done', 'new.txt:Upload:Done')
            $summary.Direction | Should -Be 'Upload'
            $summary.FilesCopied | Should -Be 2
            $summary.BytesCopied | Should -Be 12
            $summary.FoldersCreated | Should -Be 1
            $summary.FilesIdentical | Should -Be 2
            $summary.FilesDeleted + $summary.Errors + $summary.NotDone | Should -Be 0
            $summary.Duration | Should -BeOfType ([timespan])
            $remote = Get-RemoteState /Up
            $remote | Should -Contain "changed.txt=$(Get-ContentHash (Join-Path $upLocal 'changed.txt'))"
            $remote | Should -Contain 'empty=folder'
            $remote | Should -Contain "extra.txt=$(Get-ContentHash (Join-Path $TestDrive 'up-seed' 'extra.txt'))" -Because 'without -Delete nothing is deleted'
        }

        It 'reads no file and sends no upload when nothing changed' {
            $mark = Get-RequestMark
            $summary = Sync-DropboxFolder $upLocal /Up -Direction Upload
            $summary.FilesCopied | Should -Be 0
            $summary.FilesIdentical | Should -Be 4
            $summary.FilesHashed | Should -Be 0
            Get-RoutesSince $mark | Should -Be @('files/list_folder')
        }

        It 'shows the summary in a table' {
            $text = Sync-DropboxFolder $upLocal /Up -Direction Upload | Out-String -Width 200
            $text | Should -Match 'Direction\s+Copied\s+Bytes\s+Deleted\s+Identical\s+Errors\s+NotDone\s+Duration\s+RemotePath'
            $text | Should -Match 'Upload\s+0\s+0\s+0\s+4\s+0\s+0\s+\S+\s+/Up'
        }

        It 'deletes what the local folder lacks with -Delete, restorably, in one batch' {
            $local = New-Tree 'del-up' @{ 'keep.txt' = 'k'; 'a.txt' = 'a'; 'b.txt' = 'b'; 'old/x.txt' = 'x'; 'old/y.txt' = 'y' }
            $null = Sync-DropboxFolder $local /DelUp -Direction Upload
            Remove-Item (Join-Path $local 'old') -Recurse
            $mark = Get-RequestMark
            $out = Split-Output (Sync-DropboxFolder $local /DelUp -Direction Upload -Delete -PassThru)
            @($out.Items | ForEach-Object { "$($_.RelativePath):$($_.Action):$($_.Outcome)" }) | Should -Be @('old:Delete:Done', 'old/x.txt:Delete:Done', 'old/y.txt:Delete:Done')
            $out.Summary[0].FilesDeleted | Should -Be 2
            $out.Summary[0].FoldersDeleted | Should -Be 1
            $out.Summary[0].BytesDeleted | Should -Be 2
            $routes = Get-RoutesSince $mark
            $routes | Should -Contain 'files/delete_batch'
            $routes | Should -Not -Contain 'files/delete_v2'
            $routes | Should -Not -Contain 'files/permanently_delete'
            Get-DropboxItem /DelUp/old/x.txt -IncludeDeleted | Should -BeOfType ([PSDropbox.DropboxDeleted])
            Get-RemoteState /DelUp | Should -Be (Get-LocalState $local)
        }
    }

    Context 'downloading' {
        It 'copies what is new or different and moves what it deletes to -BackupPath, under the same relative paths' {
            Publish-Tree (New-Tree 'down-seed' @{ 'same.txt' = 'same'; 'changed.txt' = 'remote version'; 'new/n.txt' = 'n'; 'sub/deep.txt' = 'deep' }) /Down
            $local = New-Tree 'down' @{ 'same.txt' = 'same'; 'changed.txt' = 'local'; 'sub/deep.txt' = 'deep'; 'sub/only.txt' = 'only here'; 'gone/x.txt' = 'x' }
            $backup = Join-Path $TestDrive 'down-backup'
            $out = Split-Output (Sync-DropboxFolder $local /Down -Direction Download -Delete -BackupPath $backup -PassThru)
            @($out.Items | ForEach-Object { "$($_.RelativePath):$($_.Action):$($_.Outcome)" } | Sort-Object) |
                Should -Be @('changed.txt:Download:Done', 'gone:Delete:Done', 'gone/x.txt:Delete:Done', 'new:Download:Done', 'new/n.txt:Download:Done', 'sub/only.txt:Delete:Done')
            $summary = $out.Summary[0]
            $summary.FilesCopied | Should -Be 2
            $summary.FilesDeleted | Should -Be 2
            $summary.FoldersDeleted | Should -Be 1
            $summary.FilesIdentical | Should -Be 2
            Get-LocalState $local | Should -Be (Get-RemoteState /Down)
            Get-Content -Raw (Join-Path $backup 'sub' 'only.txt') | Should -BeExactly 'only here'
            Get-Content -Raw (Join-Path $backup 'gone' 'x.txt') | Should -BeExactly 'x'
        }

        It 'deletes local files without -BackupPath, and leaves a folder that keeps an excluded file' {
            Publish-Tree (New-Tree 'down2-seed' @{ 'a.txt' = 'a' }) /Down2
            $local = New-Tree 'down2' @{ 'a.txt' = 'a'; 'b.txt' = 'b'; 'logs/x.txt' = 'x'; 'logs/keep.log' = 'kept' }
            $out = Split-Output (Sync-DropboxFolder $local /Down2 -Direction Download -Delete -Exclude '*.log' -MaxDelete 100% -PassThru)
            @($out.Items | ForEach-Object { "$($_.RelativePath):$($_.Outcome)" }) | Should -Be @('b.txt:Done', 'logs/x.txt:Done', 'logs:NotDone') -Because 'a folder is settled after what it holds'
            Test-Path (Join-Path $local 'b.txt') | Should -BeFalse
            Test-Path (Join-Path $local 'logs' 'x.txt') | Should -BeFalse
            Get-Content -Raw (Join-Path $local 'logs' 'keep.log') | Should -BeExactly 'kept'
            $out.Summary[0].FoldersDeleted | Should -Be 0
        }
    }

    Context '-MaxDelete in the <Direction> direction' -ForEach @(@{ Direction = 'Upload' }, @{ Direction = 'Download' }) {
        BeforeAll {
            $script:files = @{}
            foreach ($i in 1..10) { $files["f$i.txt"] = "file $i" }
            $script:source = New-Tree "max-$Direction-src" $files
            $script:destination = New-Tree "max-$Direction-dst" $files
            $script:remote = "/Max$Direction"
            # The Dropbox side holds the destination's files for an upload, the source's for a download.
            Publish-Tree $(if ($Direction -eq 'Upload') { $destination } else { $source }) $remote
            $script:local = if ($Direction -eq 'Upload') { $source } else { $destination }
            # Removes 60 % of the source's files, and adds one.
            function Remove-SixOfTen {
                foreach ($i in 1..6) {
                    if ($Direction -eq 'Upload') { Remove-Item (Join-Path $source "f$i.txt") } else { Remove-DropboxItem "$remote/f$i.txt" }
                }
                if ($Direction -eq 'Upload') { Set-Content (Join-Path $source 'added.txt') 'added' } else { Set-DropboxContent "$remote/added.txt" -Value 'added' }
            }
            function Get-DestinationFiles {
                if ($Direction -eq 'Upload') { @(Get-DropboxChildItem $remote | Where-Object { $_ -is [PSDropbox.DropboxFile] }).Count } else { @(Get-ChildItem $destination -File).Count }
            }
        }

        It 'deletes nothing when 60 % of the source is gone, copies the rest, and says why' {
            Remove-SixOfTen
            $out = Split-Output (Sync-DropboxFolder $local $remote -Direction $Direction -Delete -PassThru -ErrorVariable problems -ErrorAction SilentlyContinue)
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'PSDropbox.MaxDeleteExceeded,PSDropbox.Commands.SyncDropboxFolderCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $problems[0].ToString() | Should -Match 'Nothing was deleted: 6 of the 10 files in .* would be deleted, more than -MaxDelete 50% allows \(5\)'
            $problems[0].ToString() | Should -Match '-Force'
            Get-DestinationFiles | Should -Be 11 -Because 'nothing was deleted and added.txt was copied'
            @($out.Items | Where-Object Action -eq Delete | ForEach-Object Outcome | Sort-Object -Unique) | Should -Be @('NotDone')
            $out.Summary[0].NotDone | Should -Be 6
            $out.Summary[0].FilesCopied | Should -Be 1
        }

        It 'holds back a count too: -MaxDelete 5 stops 6 deletes, -MaxDelete 6 lets them through' {
            { Sync-DropboxFolder $local $remote -Direction $Direction -Delete -MaxDelete 5 -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.MaxDeleteExceeded,PSDropbox.Commands.SyncDropboxFolderCommand'
            Get-DestinationFiles | Should -Be 11
            $summary = Sync-DropboxFolder $local $remote -Direction $Direction -Delete -MaxDelete 6
            $summary.FilesDeleted | Should -Be 6
            Get-DestinationFiles | Should -Be 5
        }

        It 'deletes past the limit with -Force' {
            if ($Direction -eq 'Upload') { Remove-Item (Join-Path $source 'f7.txt'), (Join-Path $source 'f8.txt'), (Join-Path $source 'f9.txt') }
            else { 'f7.txt', 'f8.txt', 'f9.txt' | ForEach-Object { Remove-DropboxItem "$remote/$_" } }
            (Sync-DropboxFolder $local $remote -Direction $Direction -Delete -Force -ErrorAction Stop).FilesDeleted | Should -Be 3
            Get-DestinationFiles | Should -Be 2
        }
    }

    Context '-WhatIf in the <Direction> direction' -ForEach @(@{ Direction = 'Upload' }, @{ Direction = 'Download' }) {
        It 'changes nothing and lists every planned action' {
            $remote = "/WhatIf$Direction"
            Publish-Tree (New-Tree "whatif-$Direction-remote" @{ 'same.txt' = 's'; 'diff.txt' = 'remote'; 'remote-only.txt' = 'r'; 'r/deep.txt' = 'd' }) $remote
            $local = New-Tree "whatif-$Direction" @{ 'same.txt' = 's'; 'diff.txt' = 'local!'; 'local-only.txt' = 'l'; 'l/deep.txt' = 'd' }
            $plan = @(Compare-DropboxFolder $local $remote -Direction $Direction -Delete)
            $localBefore = Get-LocalState $local
            $remoteBefore = Get-RemoteState $remote
            $mark = Get-RequestMark

            $whatIf = @(Sync-DropboxFolder $local $remote -Direction $Direction -Delete -MaxDelete 100% -WhatIf)

            Get-RoutesSince $mark | Where-Object { $_ -notlike 'files/list_folder*' } | Should -BeNullOrEmpty
            Get-LocalState $local | Should -Be $localBefore
            Get-RemoteState $remote | Should -Be $remoteBefore
            $whatIf | ForEach-Object { $_ | Should -BeOfType ([PSDropbox.DropboxSyncItem]); $_.Outcome | Should -Be 'Planned' }
            @($whatIf | ForEach-Object { "$($_.RelativePath):$($_.Action)" } | Sort-Object) | Should -Be @($plan | ForEach-Object { "$($_.RelativePath):$($_.Action)" } | Sort-Object)
            @($plan | Where-Object Action -ne None).Count | Should -Be 7

            # The "What if:" lines go to the host: run it where the host's output can be read.
            $command = "Import-Module '$RepoRoot/out/PSDropbox/PSDropbox.psd1'; Connect-Dropbox -AccessToken '$($Emulator.AccessToken)' -ApiEndpoint '$($Emulator.BaseUrl)' | Out-Null; " +
                "Sync-DropboxFolder '$local' $remote -Direction $Direction -Delete -MaxDelete 100% -WhatIf | Out-Null"
            $process = [System.Diagnostics.Process]::Start((New-PwshStartInfo -Command $command))
            $process.StandardInput.Close()
            $output = $process.StandardOutput.ReadToEnd()
            $process.WaitForExit()
            $lines = @($output -split "`r?`n" | Where-Object { $_ -like 'What if:*' })
            $expected = @($plan | Where-Object Action -ne None | Where-Object { -not ($_.Action -eq 'Delete' -and $Direction -eq 'Upload' -and $_.RelativePath -like '*/*') })
            $lines.Count | Should -Be $expected.Count
            foreach ($action in $expected) {
                $target = if ($Direction -eq 'Upload') { $action.RemotePath } else { $action.LocalPath }
                @($lines | Where-Object { $_.Contains("on target `"$target`"") }).Count | Should -Be 1 -Because "$($action.Action) $target is planned"
            }
        }
    }

    Context 'names that are one name in Dropbox, <Direction>' -ForEach @(
        @{ Direction = 'Upload'; Case = 'case'; First = 'report.txt'; Second = 'REPORT.txt' }
        @{ Direction = 'Upload'; Case = 'Unicode form'; First = "caf$([char]0xE9).txt"; Second = "cafe$([char]0x301).txt" }
        @{ Direction = 'Download'; Case = 'case'; First = 'report.txt'; Second = 'REPORT.txt' }
        @{ Direction = 'Download'; Case = 'Unicode form'; First = "caf$([char]0xE9).txt"; Second = "cafe$([char]0x301).txt" }
    ) {
        It 'reports both as conflicts (<Case>), never merges them, and syncs the rest' {
            $name = "names-$Direction-$($Case -replace ' ')"
            $files = [hashtable]::new([StringComparer]::Ordinal)
            $files[$First] = 'one'
            $files[$Second] = 'two'
            $files['other.txt'] = 'other'
            $local = New-Tree $name $files
            $remote = "/$name"
            if ($Direction -eq 'Download') { Publish-Tree (New-Tree "$name-remote" @{ $First = 'remote'; 'other.txt' = 'remote other' }) $remote }
            $mark = Get-RequestMark
            $summary = Sync-DropboxFolder $local $remote -Direction $Direction -Delete -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems.Count | Should -Be 2
            $problems | ForEach-Object {
                $_.FullyQualifiedErrorId | Should -Be 'PSDropbox.SyncConflict,PSDropbox.Commands.SyncDropboxFolderCommand'
                $_.ToString() | Should -Match 'one name in Dropbox|one local name'
            }
            @($problems.TargetObject.RelativePath | Sort-Object) | Should -Be @(@($First, $Second) | Sort-Object)
            $summary.Errors | Should -Be 2
            $summary.FilesCopied | Should -Be 1
            Get-Content -Raw -LiteralPath (Join-Path $local $First) | Should -BeExactly 'one'
            Get-Content -Raw -LiteralPath (Join-Path $local $Second) | Should -BeExactly 'two'
            if ($Direction -eq 'Upload') {
                Get-RemoteState $remote | Should -Be @("other.txt=$(Get-ContentHash (Join-Path $local 'other.txt'))")
                Get-RoutesSince $mark | Where-Object { $_ -like 'files/upload*' } | Should -HaveCount 1
            }
            else {
                Get-Content -Raw (Join-Path $local 'other.txt') | Should -BeExactly 'remote other'
                (Get-DropboxContent "$remote/$First" -Raw) | Should -BeExactly 'remote'
            }
        }
    }

    It 'refuses <Name> with <Id>' -ForEach @(
        @{ Name = 'a bad -MaxDelete'; More = @{ MaxDelete = '50 percent' }; Id = 'PSDropbox.InvalidArgument' }
        @{ Name = 'a percentage over 100'; More = @{ MaxDelete = '150%' }; Id = 'PSDropbox.InvalidArgument' }
        @{ Name = '-BackupPath with an upload'; More = @{ BackupPath = 'bak' }; Id = 'PSDropbox.InvalidArgument' }
        @{ Name = '-BackupPath inside the synced folder'; More = @{ Direction = 'Download'; BackupPath = 'refuse/bak' }; Id = 'PSDropbox.InvalidArgument' }
        @{ Name = 'a -ChunkSize that is not a multiple of 4 MiB'; More = @{ ChunkSize = 5MB }; Id = 'PSDropbox.InvalidArgument' }
        @{ Name = 'a missing local folder'; More = @{ LocalPath = 'missing-folder' }; Id = 'PSDropbox.LocalPathNotFound' }
    ) {
        $null = New-Tree 'refuse' @{ 'a.txt' = 'a' }
        $parameters = @{ LocalPath = 'refuse'; RemotePath = '/Refuse'; Direction = 'Upload' }
        foreach ($key in $More.Keys) { $parameters[$key] = $More[$key] }
        foreach ($key in 'LocalPath', 'BackupPath') { if ($parameters[$key]) { $parameters[$key] = Join-Path $TestDrive $parameters[$key] } }
        $mark = Get-RequestMark
        $e = { Sync-DropboxFolder @parameters } | Should -Throw -ErrorId "$Id,PSDropbox.Commands.SyncDropboxFolderCommand" -PassThru
        $e.ToString() | Should -Not -Match '   at '
        Get-RoutesSince $mark | Where-Object { $_ -notlike 'files/list_folder*' } | Should -BeNullOrEmpty
    }
}

Describe 'Sync-DropboxFolder on a large unchanged tree' {
    It 'reads no file contents and sends no upload the second time over 10,000 files' {
        $root = Join-Path $TestDrive 'ten-thousand'
        $paths = foreach ($d in 0..9) {
            $folder = [System.IO.Directory]::CreateDirectory((Join-Path $root "d$d")).FullName
            foreach ($f in 0..999) { "$folder/f$f.txt" }
        }
        foreach ($path in $paths) { [System.IO.File]::WriteAllText($path, $path) }
        $null = Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $root; path = '/TenThousand' }
        $first = Sync-DropboxFolder $root /TenThousand -Direction Upload
        $first.FilesIdentical | Should -Be 10000
        $first.FilesHashed | Should -Be 10000 -Because 'the first run has no hash cache yet'
        $first.FilesCopied | Should -Be 0
        $mark = Get-RequestMark
        $second = Sync-DropboxFolder $root /TenThousand -Direction Upload
        $second.FilesIdentical | Should -Be 10000
        $second.FilesHashed | Should -Be 0
        $second.BytesHashed | Should -Be 0
        @(Get-LoggedRequests -After $mark | ForEach-Object route | Sort-Object -Unique) |
            Should -Be @('files/list_folder', 'files/list_folder/continue')
    }
}

Describe 'Sync-DropboxFolder acceptance: rclone check finds the two sides identical' {
    BeforeAll {
        # An emulator of its own, with the TLS proxy rclone needs and a little latency, so a run can be stopped half-way.
        $script:proxied = Start-DropboxEmulator -TlsProxyPort 0 -Latency 10
        Connect-Dropbox -AccessToken $proxied.AccessToken -ApiEndpoint $proxied.BaseUrl

        # The routes the proxied emulator served after a mark (Get-RequestMark $proxied.BaseUrl).
        function Get-Routes([long]$After) { @(Get-LoggedRequests -After $After -BaseUrl $proxied.BaseUrl | ForEach-Object route) }
        function Invoke-Rclone {
            $variables = @{
                RCLONE_CONFIG_EMU_TYPE  = 'dropbox'
                RCLONE_CONFIG_EMU_TOKEN = @{ access_token = $proxied.AccessToken; token_type = 'bearer'; expiry = '2099-01-01T00:00:00Z' } | ConvertTo-Json -Compress
                HTTPS_PROXY             = $proxied.TlsProxyUrl
                NO_PROXY                = '127.0.0.1,localhost'
            }
            $saved = @{}
            foreach ($name in $variables.Keys) {
                $saved[$name] = [Environment]::GetEnvironmentVariable($name)
                [Environment]::SetEnvironmentVariable($name, $variables[$name])
            }
            try {
                $output = & rclone @args --config (Join-Path $TestDrive 'rclone.conf') --ca-cert $proxied.TlsCaCertificatePath 2>&1 | ForEach-Object ToString
                [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output -join "`n" }
            }
            finally {
                foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
            }
        }
        function Assert-Identical([string]$Local, [string]$Remote, [int]$Files) {
            $check = Invoke-Rclone check $Local "emu:$($Remote.TrimStart('/'))"
            $check.Output | Should -Match '0 differences found'
            $check.Output | Should -Match "$Files matching files"
            $check.ExitCode | Should -Be 0
        }
        # A few hundred files in nested folders, Unicode names, empty files and a file of three 4 MiB chunks.
        function New-AcceptanceTree([string]$Name) {
            $root = Join-Path $TestDrive $Name
            foreach ($d in 1..5) {
                foreach ($s in 1..4) {
                    $folder = [System.IO.Directory]::CreateDirectory((Join-Path $root "dir$d" "sub$s")).FullName
                    foreach ($f in 1..15) { [System.IO.File]::WriteAllText((Join-Path $folder "file$f.txt"), "$Name $d $s $f") }
                }
            }
            $unicode = @{
                "Ünïcödé/caf$([char]0xE9) $([char]0x3A9).txt" = 'cafe omega'
                "$([char]0x65E5)$([char]0x672C)/$([char]0x30D5)$([char]0x30A1)$([char]0x30A4)$([char]0x30EB).txt" = 'japanese'
                'naïve résumé.md' = 'resume'
            }
            foreach ($relative in $unicode.Keys) {
                $path = Join-Path $root $relative
                $null = [System.IO.Directory]::CreateDirectory((Split-Path $path))
                [System.IO.File]::WriteAllText($path, $unicode[$relative])
            }
            $null = [System.IO.Directory]::CreateDirectory((Join-Path $root 'empties'))
            foreach ($empty in 'empties/zero.txt', 'dir1/empty.bin', 'nothing') { [System.IO.File]::WriteAllBytes((Join-Path $root $empty), @()) }
            $null = New-TestFile -Path (Join-Path $root 'big' 'three-chunks.bin') -Size (8MB + 12345) -Seed 7
            $root
        }
        $script:treeFiles = 5 * 4 * 15 + 3 + 3 + 1
    }

    AfterAll {
        $proxied | Stop-DropboxEmulator
        Connect-TestDropbox
    }

    It 'uploads a tree, then its changes, additions, deletions and renames' {
        $local = New-AcceptanceTree 'accept-up'
        $mark = Get-RequestMark $proxied.BaseUrl
        $first = Sync-DropboxFolder $local /AcceptUp -Direction Upload -ChunkSize 4MB -ErrorAction Stop
        $first.FilesCopied | Should -Be $treeFiles
        $first.Errors | Should -Be 0
        $routes = Get-Routes -After $mark
        @($routes | Where-Object { $_ -eq 'files/upload_session/start' }).Count | Should -Be 1 -Because 'the 8 MiB file goes through its own session of 4 MiB chunks'
        $routes | Should -Contain 'files/upload_session/finish'
        $routes | Should -Contain 'files/upload_session/finish_batch_v2' -Because 'small files are committed in batches'
        Assert-Identical $local /AcceptUp $treeFiles

        foreach ($f in 1..5) { [System.IO.File]::WriteAllText((Join-Path $local 'dir1' 'sub1' "file$f.txt"), "changed $f") }
        $null = New-TestFile -Path (Join-Path $local 'big' 'three-chunks.bin') -Size (8MB + 12345) -Seed 8
        foreach ($f in 1..5) { [System.IO.File]::WriteAllText((Join-Path $local 'dir2' "added$f.txt"), "added $f") }
        foreach ($f in 1..5) { Remove-Item (Join-Path $local 'dir3' 'sub1' "file$f.txt") }
        foreach ($f in 1..5) { Move-Item (Join-Path $local 'dir4' 'sub2' "file$f.txt") (Join-Path $local 'dir4' 'sub2' "renamed$f.txt") }
        Move-Item (Join-Path $local 'dir5' 'sub4') (Join-Path $local 'dir5' 'moved')

        $second = Sync-DropboxFolder $local /AcceptUp -Direction Upload -Delete -ChunkSize 4MB -ErrorAction Stop
        $second.FilesCopied | Should -Be (5 + 1 + 5 + 5 + 15)
        $second.FilesDeleted | Should -Be (5 + 5 + 15)
        $second.FoldersCreated | Should -Be 1
        $second.FoldersDeleted | Should -Be 1
        Assert-Identical $local /AcceptUp ($treeFiles + 5 - 5)

        $mark = Get-RequestMark $proxied.BaseUrl
        $third = Sync-DropboxFolder $local /AcceptUp -Direction Upload -Delete -ErrorAction Stop
        $third.FilesCopied + $third.FilesDeleted + $third.FilesHashed | Should -Be 0
        Get-Routes -After $mark | Where-Object { $_ -like 'files/upload*' } | Should -BeNullOrEmpty
    }

    It 'downloads a tree, then its changes, additions, deletions and renames' {
        $seed = New-AcceptanceTree 'accept-down-seed'
        $null = Invoke-RestMethod -Method Post "$($proxied.BaseUrl)/_emulator/seed" -ContentType 'application/json' -Body (@{ source = $seed; path = '/AcceptDown' } | ConvertTo-Json)
        $local = Join-Path $TestDrive 'accept-down'
        $first = Sync-DropboxFolder $local /AcceptDown -Direction Download -ErrorAction Stop
        $first.FilesCopied | Should -Be $treeFiles
        Assert-Identical $local /AcceptDown $treeFiles
        Get-Item (Join-Path $local 'empties') | Should -BeOfType ([System.IO.DirectoryInfo])

        foreach ($f in 1..5) { Set-DropboxContent "/AcceptDown/dir1/sub1/file$f.txt" -Value "changed $f" -Mode Overwrite }
        Send-DropboxFile -LiteralPath (New-TestFile -Path (Join-Path $TestDrive 'other-big.bin') -Size (8MB + 12345) -Seed 9).FullName -Destination /AcceptDown/big/three-chunks.bin -Mode Overwrite
        foreach ($f in 1..5) { Set-DropboxContent "/AcceptDown/dir2/added$f.txt" -Value "added $f" }
        foreach ($f in 1..5) { Remove-DropboxItem "/AcceptDown/dir3/sub1/file$f.txt" }
        foreach ($f in 1..5) { Rename-DropboxItem "/AcceptDown/dir4/sub2/file$f.txt" -NewName "renamed$f.txt" }
        Rename-DropboxItem /AcceptDown/dir5/sub4 -NewName moved

        $second = Sync-DropboxFolder $local /AcceptDown -Direction Download -Delete -ErrorAction Stop
        $second.FilesCopied | Should -Be (5 + 1 + 5 + 5 + 15)
        $second.FilesDeleted | Should -Be (5 + 5 + 15)
        $second.FoldersDeleted | Should -Be 1
        Assert-Identical $local /AcceptDown $treeFiles
        Test-Path (Join-Path $local 'dir5' 'sub4') | Should -BeFalse

        $mark = Get-RequestMark $proxied.BaseUrl
        $third = Sync-DropboxFolder $local /AcceptDown -Direction Download -Delete -ErrorAction Stop
        $third.FilesCopied + $third.FilesDeleted | Should -Be 0
        Get-Routes -After $mark | Where-Object { $_ -like 'files/download*' } | Should -BeNullOrEmpty
    }

    It 'stopped half-way through an <Direction>, does only what is left when run again' -ForEach @(
        @{ Direction = 'Upload'; Routes = @('files/upload', 'files/upload_session/append_v2') }
        @{ Direction = 'Download'; Routes = @('files/download') }
    ) {
        $remote = "/Resume$Direction"
        $files = @{}
        foreach ($f in 1..300) { $files["f$f.txt"] = "file $f" }
        $source = New-Tree "resume-$Direction-source" $files
        if ($Direction -eq 'Upload') { $local = $source }
        else {
            $null = Invoke-RestMethod -Method Post "$($proxied.BaseUrl)/_emulator/seed" -ContentType 'application/json' -Body (@{ source = $source; path = $remote } | ConvertTo-Json)
            $local = Join-Path $TestDrive "resume-$Direction"
        }
        # 40 ms per request while the first run goes: 300 files two at a time take 6 s or more, so the stop after 100
        # comes half-way on a fast machine too.
        $null = Invoke-RestMethod -Method Post "$($proxied.BaseUrl)/_emulator/faults" -ContentType 'application/json' -Body '{"latency_ms": 40}'
        # Each look below reads only the requests after the mark: reading the thousands the tests before left took
        # seconds on a loaded machine, long enough to miss the stop (the run completed first).
        $mark = Get-RequestMark $proxied.BaseUrl
        $run = [powershell]::Create()
        $null = $run.AddScript({
                param($module, $local, $remote, $direction)
                Import-Module $module
                Sync-DropboxFolder $local $remote -Direction $direction -ThrottleLimit 2
            }).AddArgument("$RepoRoot/out/PSDropbox/PSDropbox.psd1").AddArgument($local).AddArgument($remote).AddArgument($Direction)
        $handle = $run.BeginInvoke()
        $deadline = [datetime]::UtcNow.AddSeconds(60)
        while (@(Get-Routes -After $mark | Where-Object { $_ -in $Routes }).Count -lt 100 -and -not $handle.IsCompleted -and [datetime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 20
        }
        $run.Stop()
        $null = Invoke-RestMethod -Method Post "$($proxied.BaseUrl)/_emulator/faults" -ContentType 'application/json' -Body '{"latency_ms": 10}'
        $run.InvocationStateInfo.State | Should -Be 'Stopped'
        $run.Dispose()
        # Requests the stopped run had in flight may still reach the log: wait until it is still for a moment.
        $count = -1
        while ($count -ne ($now = Get-RequestMark $proxied.BaseUrl)) { $count = $now; Start-Sleep -Milliseconds 700 }

        $left = @(Compare-DropboxFolder $local $remote -Direction $Direction | Where-Object Action -ne None).Count
        $left | Should -BeGreaterThan 0
        $left | Should -BeLessThan 250
        $mark = Get-RequestMark $proxied.BaseUrl
        $again = Sync-DropboxFolder $local $remote -Direction $Direction -ErrorAction Stop
        $again.FilesCopied | Should -Be $left
        $again.FilesIdentical | Should -Be (300 - $left)
        if ($Direction -eq 'Upload') { $again.FilesHashed | Should -Be 0 -Because 'the stopped run kept the hashes of what it uploaded' }
        @(Get-Routes -After $mark | Where-Object { $_ -in $Routes }).Count | Should -Be $left -Because 'each file is sent once'
        Assert-Identical $local $remote 300
    }
}
