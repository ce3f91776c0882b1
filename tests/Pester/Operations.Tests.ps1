BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    # Seeds small files (16 bytes each) under $Dest, e.g. Seed-Files '/C' 'a.txt', 'sub/b.txt'.
    function Seed-Files([string]$Dest, [string[]]$Files) {
        $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        foreach ($f in $Files) { New-TestFile -Path (Join-Path $dir $f) -Size 16 -Seed $f.Length | Out-Null }
        Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $dir; path = $Dest } | Out-Null
    }
    function Get-RequestCount([string]$Route) { @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = $Route }).Count }
    function Test-DropboxPath([string]$Path) { $null -ne (Get-DropboxItem $Path -ErrorAction SilentlyContinue) }
}

Describe 'Copy-DropboxItem' {
    BeforeAll { Seed-Files '/C' 'a.txt', 'b.txt', 'Folder/inner.txt', 'Folder/Sub/deep.txt' }

    It 'copies a file to a new path, keeps the source and returns the copy with -PassThru' {
        $source = Get-DropboxItem /C/a.txt
        $copy = Copy-DropboxItem /C/a.txt /C/Copies/a-copy.txt -PassThru
        $copy | Should -BeOfType ([PSDropbox.DropboxFile])
        $copy.Path | Should -BeExactly '/C/Copies/a-copy.txt'
        $copy.Id | Should -Not -Be $source.Id
        $copy.ContentHash | Should -BeExactly $source.ContentHash
        (Get-DropboxItem /C/a.txt).Id | Should -Be $source.Id
    }

    It 'writes nothing without -PassThru' {
        Copy-DropboxItem /C/b.txt /C/b-quiet.txt | Should -BeNullOrEmpty
        (Get-DropboxItem /C/b-quiet.txt).ContentHash | Should -BeExactly (Get-DropboxItem /C/b.txt).ContentHash
    }

    It 'copies into an existing folder under the item''s own name, with the folder''s contents' {
        New-DropboxFolder /C/Into | Out-Null
        $copy = Copy-DropboxItem /C/Folder /C/Into -PassThru
        $copy | Should -BeOfType ([PSDropbox.DropboxFolder])
        $copy.Path | Should -BeExactly '/C/Into/Folder'
        (Get-DropboxItem /C/Into/Folder/Sub/deep.txt).Length | Should -Be 16
        (Get-DropboxItem /C/Folder/Sub/deep.txt).Length | Should -Be 16 -Because 'the source stays'
    }

    It 'copies nothing with -WhatIf' {
        Copy-DropboxItem /C/a.txt /C/whatif.txt -WhatIf
        Test-DropboxPath /C/whatif.txt | Should -BeFalse
    }

    It 'sends piped items as one copy_batch_v2 call into the destination folder' {
        Seed-Files '/CP' 'one.txt', 'two.txt', 'three.txt'
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $copies = Get-DropboxChildItem /CP | Copy-DropboxItem -Destination /CP-Copy -PassThru
        $copies | Should -HaveCount 3
        (Get-DropboxChildItem /CP-Copy).Name | Should -HaveCount 3
        Get-RequestCount 'files/copy_batch_v2' | Should -Be 1
        Get-RequestCount 'files/copy_v2' | Should -Be 0
    }

    It 'reports a missing source as ObjectNotFound and goes on with the other items' {
        $copies = '/C/missing.txt', '/C/a.txt' | Copy-DropboxItem -Destination /C/Piped -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue
        $copies | Should -HaveCount 1
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Match '^PSDropbox.PathNotFound'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be '/C/missing.txt'
    }

    It 'reports an existing destination file as a conflict, and -Autorename picks a free name' {
        $record = { Copy-DropboxItem /C/a.txt /C/b.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.Conflict,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ResourceExists'
        (Copy-DropboxItem /C/a.txt /C/b.txt -Autorename -PassThru).Name | Should -BeExactly 'b (1).txt'
    }

    It 'names the destination when the destination is the problem, alone and in a batch' {
        $record = { Copy-DropboxItem /C/a.txt /C/a.txt/under -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.ParentIsFile,*' -PassThru
        $record.TargetObject | Should -BeExactly '/C/a.txt/under'
        $record.Exception.Message | Should -Match "A parent of '/C/a.txt/under' is a file"
        'blocker' | Set-DropboxContent -Path /C/blocker.txt
        '/C/a.txt', '/C/b.txt' | Copy-DropboxItem -Destination /C/blocker.txt/under -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.TargetObject | Should -Be @('/C/blocker.txt/under/a.txt', '/C/blocker.txt/under/b.txt')
        $failures[0].Exception.Message | Should -Match "A parent of '/C/blocker.txt/under/a.txt' is a file"
    }

    It 'refuses to copy a folder into itself' {
        $record = { Copy-DropboxItem /C/Folder /C/Folder/Sub/Again -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.CantMoveIntoItself,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'refuses a folder of more than 10,000 items as too_many_files' {
        (Invoke-EmulatorAdmin -Method POST -Path generate -Body @{ path = '/Big'; files = 10000 }).files | Should -Be 10000  # + the folder: 10,001 entries
        $record = { Copy-DropboxItem /Big /BigCopy -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.TooManyFiles,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        Test-DropboxPath /BigCopy | Should -BeFalse
    }
}

Describe 'Move-DropboxItem' {
    BeforeAll { Seed-Files '/M' 'file.txt', 'Dir/x.txt', 'Dir/Sub/y.txt', 'taken.txt' }

    It 'moves a file, keeping its id' {
        $before = Get-DropboxItem /M/file.txt
        $moved = Move-DropboxItem /M/file.txt /M/Moved/renamed.txt -PassThru
        $moved.Id | Should -Be $before.Id
        $moved.Path | Should -BeExactly '/M/Moved/renamed.txt'
        Test-DropboxPath /M/file.txt | Should -BeFalse
    }

    It 'moves a folder into an existing folder; everything inside keeps its id' {
        $y = Get-DropboxItem /M/Dir/Sub/y.txt
        New-DropboxFolder /M/Target | Out-Null
        Move-DropboxItem /M/Dir /M/Target
        (Get-DropboxItem /M/Target/Dir/Sub/y.txt).Id | Should -Be $y.Id
        Test-DropboxPath /M/Dir | Should -BeFalse
    }

    It 'moves nothing with -WhatIf' {
        Move-DropboxItem /M/taken.txt /M/elsewhere.txt -WhatIf
        (Get-DropboxItem /M/taken.txt).Path | Should -BeExactly '/M/taken.txt'
        Test-DropboxPath /M/elsewhere.txt | Should -BeFalse
    }

    It 'moves piped items with one move_batch_v2 call; a conflicting entry fails alone' {
        Seed-Files '/MP' 'a.txt', 'b.txt', 'c.txt'
        Seed-Files '/MP-Dest' 'b.txt'
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $moved = Get-DropboxChildItem /MP | Move-DropboxItem -Destination /MP-Dest -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue
        $moved.Name | Should -HaveCount 2
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Match '^PSDropbox.Conflict'
        $failures[0].TargetObject | Should -Be '/MP-Dest/b.txt' -Because 'the conflict is at the destination'
        (Get-DropboxChildItem /MP).Name | Should -Be 'b.txt'
        Get-RequestCount 'files/move_batch_v2' | Should -Be 1
        Get-RequestCount 'files/move_v2' | Should -Be 0
    }

    It 'refuses to move a folder into itself' {
        New-DropboxFolder /M/Self/Child | Out-Null
        $record = { Move-DropboxItem /M/Self /M/Self/Child -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.CantMoveIntoItself,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-DropboxItem /M/Self/Child).Path | Should -BeExactly '/M/Self/Child'
    }

    It 'reports an item nested in another piped item as DuplicatedOrNestedPaths' {
        Seed-Files '/MN' 'Outer/inner.txt'
        '/MN/Outer', '/MN/Outer/inner.txt' | Move-DropboxItem -Destination /MN-Dest -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Match '^PSDropbox.DuplicatedOrNestedPaths'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-DropboxItem /MN-Dest/Outer/inner.txt).Path | Should -BeExactly '/MN-Dest/Outer/inner.txt'
    }

    It 'reports a missing source as ObjectNotFound' {
        { Move-DropboxItem /M/nothing.txt /M/x.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
    }
}

Describe 'Rename-DropboxItem' {
    BeforeAll { Seed-Files '/R' 'report.txt', 'Case.txt', 'keep.txt', 'Folder/in.txt' }

    It 'renames in place and keeps the id' {
        $before = Get-DropboxItem /R/report.txt
        $renamed = Rename-DropboxItem /R/report.txt 'final.txt' -PassThru
        $renamed.Path | Should -BeExactly '/R/final.txt'
        $renamed.Id | Should -Be $before.Id
    }

    It 'changes only the case of a name (through a temporary name), leaving nothing behind' {
        $before = Get-DropboxItem /R/Case.txt
        $renamed = Rename-DropboxItem /R/Case.txt 'CASE.TXT' -PassThru
        $renamed.Name | Should -BeExactly 'CASE.TXT'
        $renamed.Id | Should -Be $before.Id
        (Get-DropboxChildItem /R | Where-Object Name -like 'CASE.TXT*').Name | Should -BeExactly 'CASE.TXT'
    }

    It 'renames a folder given by id' {
        $folder = Get-DropboxItem /R/Folder
        Rename-DropboxItem $folder.Id 'Renamed Folder'
        (Get-DropboxItem '/R/Renamed Folder/in.txt').Length | Should -Be 16
    }

    It 'renames nothing with -WhatIf' {
        Rename-DropboxItem /R/keep.txt 'gone.txt' -WhatIf
        (Get-DropboxItem /R/keep.txt).Path | Should -BeExactly '/R/keep.txt'
    }

    It 'renames piped items with a script block for the new name, in one batch' {
        Seed-Files '/RP' 'one.log', 'two.log'
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        Get-DropboxChildItem /RP | Rename-DropboxItem -NewName { $_.Name + '.old' }
        (Get-DropboxChildItem /RP).Name -join ',' | Should -BeExactly 'one.log.old,two.log.old'
        Get-RequestCount 'files/move_batch_v2' | Should -Be 1
    }

    It 'reports an existing name as a conflict and a missing item as not found' {
        Seed-Files '/RC' 'a.txt', 'b.txt'
        { Rename-DropboxItem /RC/a.txt 'b.txt' -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.Conflict,*'
        { Rename-DropboxItem /RC/none.txt 'c.txt' -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
    }

    It 'refuses a new name with a slash' {
        $record = { Rename-DropboxItem /R/keep.txt 'sub/name.txt' -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.InvalidArgument,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'Remove-DropboxItem' {
    BeforeAll { Seed-Files '/D' 'a.txt', 'b.txt', 'guarded.txt', 'whatif.txt', 'Folder/x.txt', 'perm.txt', 'prompt.txt' }

    It 'deletes a file (restorable: it shows up as deleted)' {
        Remove-DropboxItem /D/a.txt
        Test-DropboxPath /D/a.txt | Should -BeFalse
        Get-DropboxItem /D/a.txt -IncludeDeleted | Should -BeOfType ([PSDropbox.DropboxDeleted])
    }

    It 'deletes a folder with its contents and returns it with -PassThru' {
        $deleted = Remove-DropboxItem /D/Folder -PassThru
        $deleted | Should -BeOfType ([PSDropbox.DropboxFolder])
        Test-DropboxPath /D/Folder/x.txt | Should -BeFalse
    }

    It 'deletes nothing with -WhatIf' {
        Remove-DropboxItem /D/whatif.txt -WhatIf
        (Get-DropboxItem /D/whatif.txt).Path | Should -BeExactly '/D/whatif.txt'
    }

    It 'with -Rev deletes only the unchanged file' {
        $file = Get-DropboxItem /D/guarded.txt
        $record = { Remove-DropboxItem /D/guarded.txt -Rev '0123456789abcdef' -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.RevisionMismatch,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidOperation'
        (Get-DropboxItem /D/guarded.txt).Path | Should -BeExactly '/D/guarded.txt'
        Remove-DropboxItem /D/guarded.txt -Rev $file.Rev
        Test-DropboxPath /D/guarded.txt | Should -BeFalse
    }

    It 'sends 200 piped items as one delete_batch; a missing entry does not stop the rest' {
        $dir = Join-Path $TestDrive 'many'
        [System.IO.Directory]::CreateDirectory($dir) | Out-Null
        foreach ($i in 1..199) { [System.IO.File]::WriteAllText((Join-Path $dir ('f{0:D3}.txt' -f $i)), "$i") }
        Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $dir; path = '/Many' } | Out-Null
        $paths = @(Get-DropboxChildItem /Many | ForEach-Object Path) + '/Many/not-there.txt'
        $paths | Should -HaveCount 200
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null

        $paths | Remove-DropboxItem -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Match '^PSDropbox.PathNotFound'
        $failures[0].TargetObject | Should -Be '/Many/not-there.txt'
        Get-DropboxChildItem /Many | Should -BeNullOrEmpty
        Get-RequestCount 'files/delete_batch' | Should -Be 1
        Get-RequestCount 'files/delete_v2' | Should -Be 0
        @(Invoke-EmulatorAdmin -Method GET -Path requests).Count | Should -BeLessThan 15
    }

    It 'deletes a recursive listing without errors for the items inside deleted folders' {
        Seed-Files '/DR' 'top.txt', 'Sub/a.txt', 'Sub/Deeper/b.txt'
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        Get-DropboxChildItem /DR -Recurse | Remove-DropboxItem -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures | Should -HaveCount 0
        Get-DropboxChildItem /DR | Should -BeNullOrEmpty
        Get-DropboxItem /DR/Sub/Deeper/b.txt -IncludeDeleted | Should -BeOfType ([PSDropbox.DropboxDeleted])
        Get-RequestCount 'files/delete_batch' | Should -Be 1
    }

    It 'reports a missing path as ObjectNotFound' {
        $record = { Remove-DropboxItem /D/none.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'refuses the root' {
        { Remove-DropboxItem / -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.InvalidArgument,*'
    }

    It 'deletes permanently with -Permanent -Confirm:$false: no deleted entry, no revisions' {
        Remove-DropboxItem /D/perm.txt -Permanent -Confirm:$false
        Get-DropboxItem /D/perm.txt -IncludeDeleted -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        { Get-DropboxRevision /D/perm.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
    }

    It 'asks before a permanent delete (ConfirmImpact High) and deletes nothing when it cannot ask' {
        # As in a scheduled task: pwsh -NonInteractive cannot ask, so the delete fails instead of going ahead.
        $module = Join-Path (Get-Module PSDropbox).ModuleBase 'PSDropbox.psd1'
        $start = New-PwshStartInfo -ArgumentList '-NonInteractive', '-Command', (
            "Import-Module '$module'; Connect-Dropbox -AccessToken $($Emulator.AccessToken) -ApiEndpoint $($Emulator.BaseUrl); " +
            'Remove-DropboxItem /D/prompt.txt -Permanent')
        $process = [System.Diagnostics.Process]::Start($start)
        $errors = $process.StandardError.ReadToEndAsync()
        $null = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        $process.ExitCode | Should -Not -Be 0
        $errors.Result | Should -Match 'NonInteractive mode'
        (Get-DropboxItem /D/prompt.txt).Path | Should -BeExactly '/D/prompt.txt'
    }
}
