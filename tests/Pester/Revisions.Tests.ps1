BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    # Writes a new version of $Path with $Content (delete, then seed again: each version is a new upload).
    function Write-Version([string]$Path, [string]$Content) {
        if (Get-DropboxItem $Path -ErrorAction SilentlyContinue) { Remove-DropboxItem $Path }
        $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        [System.IO.Directory]::CreateDirectory($dir) | Out-Null
        $name = $Path.Substring($Path.LastIndexOf('/') + 1)
        [System.IO.File]::WriteAllText((Join-Path $dir $name), $Content)
        Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $dir; path = $Path.Substring(0, $Path.LastIndexOf('/')) } | Out-Null
        Get-DropboxItem $Path
    }
    function Get-RequestCount([string]$Route) { @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = $Route }).Count }

    $script:v1 = Write-Version /V/notes.txt 'first'
    $script:v2 = Write-Version /V/notes.txt 'second version'
    $script:v3 = Write-Version /V/notes.txt 'third and last version'
}

Describe 'Get-DropboxRevision' {
    It 'lists every version, newest first, as typed revisions' {
        $revisions = Get-DropboxRevision /V/notes.txt
        $revisions | Should -HaveCount 3
        $revisions[0] | Should -BeOfType ([PSDropbox.DropboxRevision])
        ($revisions | ForEach-Object Rev) -join ',' | Should -BeExactly (@($v3.Rev, $v2.Rev, $v1.Rev) -join ',')
        $revisions[2].Length | Should -Be 5
        $revisions[2].ContentHash | Should -BeExactly $v1.ContentHash
        $revisions[0].FileIsDeleted | Should -BeFalse
    }

    It 'stops after -Limit versions' {
        (Get-DropboxRevision /V/notes.txt -Limit 2 | ForEach-Object Rev) -join ',' | Should -BeExactly "$($v3.Rev),$($v2.Rev)"
    }

    It 'takes files from the pipeline by property name' {
        Get-DropboxItem /V/notes.txt | Get-DropboxRevision | Should -HaveCount 3
    }

    It 'pages with before_rev, one request per page of -PageSize versions' {
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $all = Get-DropboxRevision /V/notes.txt -PageSize 2
        ($all | ForEach-Object Rev) -join ',' | Should -BeExactly (@($v3.Rev, $v2.Rev, $v1.Rev) -join ',')
        Get-RequestCount 'files/list_revisions' | Should -Be 2
    }

    It 'warns that -Mode Id cannot page past one page' {
        $file = Write-Version /V/idpages.txt 'one'
        Restore-DropboxItem /V/idpages.txt -Rev $file.Rev | Out-Null
        Get-DropboxRevision /V/idpages.txt -Mode Id -PageSize 1 -WarningVariable warnings -WarningAction SilentlyContinue | Should -HaveCount 1
        $warnings | Should -HaveCount 1
        $warnings[0].Message | Should -Match 'Mode Path'
    }

    It 'follows a file across a move with -Mode Id; -Mode Path lists only what was written at the path' {
        $a = Write-Version /V/moving.txt 'a'
        Move-DropboxItem /V/moving.txt /V/Moved/moving.txt
        $byId = Get-DropboxRevision /V/Moved/moving.txt -Mode Id
        $byId | Should -HaveCount 2
        $byId[1].Rev | Should -Be $a.Rev
        Get-DropboxRevision /V/Moved/moving.txt -Mode Path | Should -HaveCount 1
    }

    It 'lists the versions of a deleted file' {
        Write-Version /V/deleted.txt 'soon gone' | Out-Null
        Remove-DropboxItem /V/deleted.txt
        $revisions = Get-DropboxRevision /V/deleted.txt
        $revisions | Should -HaveCount 1
        $revisions[0].FileIsDeleted | Should -Be $true
    }

    It 'reports a missing file as ObjectNotFound and a folder as InvalidType' {
        $record = { Get-DropboxRevision /V/none.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $record = { Get-DropboxRevision /V -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.NotAFile,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidType'
    }
}

Describe 'Restore-DropboxItem' {
    It 'restores a version written by an upload, byte for byte' {
        $first = New-TestFile -Path (Join-Path $TestDrive 'up1.bin') -Size 3000 -Seed 1
        $second = New-TestFile -Path (Join-Path $TestDrive 'up2.bin') -Size 5000 -Seed 2
        $v1 = Invoke-DropboxApi files/upload @{ path = '/V/uploaded.bin'; mode = 'overwrite' } -InFile $first.FullName
        Invoke-DropboxApi files/upload @{ path = '/V/uploaded.bin'; mode = 'overwrite' } -InFile $second.FullName | Out-Null
        $revisions = Get-DropboxRevision /V/uploaded.bin -Mode Id
        ($revisions | ForEach-Object Length) -join ',' | Should -BeExactly '5000,3000'
        $revisions[1] | Restore-DropboxItem | Out-Null
        $out = Join-Path $TestDrive 'restored.bin'
        Invoke-DropboxApi files/download @{ path = '/V/uploaded.bin' } -OutFile $out | Out-Null
        Get-ContentHash -Path $out | Should -BeExactly (Get-ContentHash -Path $first.FullName)
        (Get-DropboxItem /V/uploaded.bin).Id | Should -Be $v1.id
    }

    It 'restores the content of an earlier revision as the newest version' {
        $restored = Restore-DropboxItem /V/notes.txt -Rev $v1.Rev
        $restored | Should -BeOfType ([PSDropbox.DropboxFile])
        $restored.ContentHash | Should -BeExactly $v1.ContentHash
        $restored.Rev | Should -Not -BeIn @($v1.Rev, $v2.Rev, $v3.Rev)
        (Get-DropboxItem /V/notes.txt).Rev | Should -Be $restored.Rev
        Get-DropboxRevision /V/notes.txt | Should -HaveCount 4
    }

    It 'takes a revision from Get-DropboxRevision down the pipeline' {
        $oldest = (Get-DropboxRevision /V/notes.txt)[-1]
        $oldest | Restore-DropboxItem | ForEach-Object ContentHash | Should -BeExactly $v1.ContentHash
        (Get-DropboxRevision /V/notes.txt)[1].ContentHash | Should -BeExactly $v1.ContentHash
    }

    It 'brings back a deleted file' {
        $file = Write-Version /V/undelete.txt 'keep me'
        Remove-DropboxItem /V/undelete.txt
        (Restore-DropboxItem /V/undelete.txt $file.Rev).ContentHash | Should -BeExactly $file.ContentHash
        (Get-DropboxItem /V/undelete.txt).Length | Should -Be 7
    }

    It 'restores nothing with -WhatIf' {
        $before = Get-DropboxItem /V/notes.txt
        Restore-DropboxItem /V/notes.txt -Rev $v2.Rev -WhatIf
        (Get-DropboxItem /V/notes.txt).Rev | Should -Be $before.Rev
    }

    It 'reports an unknown revision as InvalidRevision' {
        $record = { Restore-DropboxItem /V/notes.txt -Rev '0123456789abcdef' -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.InvalidRevision,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $record.TargetObject | Should -Be '/V/notes.txt'
    }

    It 'refuses a revision that is not hex before calling Dropbox' {
        { Restore-DropboxItem /V/notes.txt -Rev 'not-a-rev' -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSDropbox.Commands.RestoreDropboxItemCommand'
    }
}
