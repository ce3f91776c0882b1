BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    # /W/a.txt, /W/B.TXT, /W/c.log, /W/x1.txt, /W/Sub/inner.txt, /W/Photos [2020]/p.png, /W/Photos 2/q.png
    $source = Join-Path $TestDrive 'w'
    foreach ($folder in 'Sub', 'Photos [2020]', 'Photos 2') { [System.IO.Directory]::CreateDirectory((Join-Path $source $folder)) | Out-Null }
    foreach ($file in 'a.txt', 'B.TXT', 'c.log', 'x1.txt', 'Sub/inner.txt', 'Photos [2020]/p.png', 'Photos 2/q.png') {
        New-TestFile -Path (Join-Path $source $file) -Size 10 | Out-Null
    }
    Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $source; path = '/W' } | Out-Null
}

Describe 'Remote wildcard paths' {
    It 'Get-DropboxItem expands the last name case-insensitively with one listing of the folder' {
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $items = Get-DropboxItem '/w/*.txt'
        ($items.Name | Sort-Object) -join ',' | Should -BeExactly 'a.txt,B.TXT,x1.txt'
        $items | ForEach-Object { $_ | Should -BeOfType ([PSDropbox.DropboxFile]) }
        @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = 'files/list_folder' }).Count | Should -Be 1
    }

    It 'supports ? and [ ] as PowerShell wildcards do' {
        (Get-DropboxItem '/W/?1.txt').Name | Should -BeExactly 'x1.txt'
        (Get-DropboxItem '/W/[bc].*' | Sort-Object Name).Name -join ',' | Should -BeExactly 'B.TXT,c.log'
    }

    It 'Get-DropboxChildItem lists each matching folder and returns each matching file, like Get-ChildItem' {
        $paths = Get-DropboxChildItem '/W/S*', '/W/c.*' | ForEach-Object Path
        $paths | Should -Be @('/W/Sub/inner.txt', '/W/c.log')
    }

    It 'an item named exactly as typed wins over the pattern, so brackets in names need no escaping' {
        $items = @(Get-DropboxItem '/W/Photos [2020]')
        $items | Should -HaveCount 1
        $items[0].Path | Should -BeExactly '/W/Photos [2020]'
        (Get-DropboxChildItem '/W/Photos [2020]').Name | Should -BeExactly 'p.png'
        # no item named "x[1].txt": the brackets are a pattern
        (Get-DropboxItem '/W/x[1].txt').Name | Should -BeExactly 'x1.txt'
    }

    It 'a pattern that matches nothing is a not-found error pointing to -Filter, and the next path goes on' {
        $items = Get-DropboxChildItem '/W/zz*', '/W/Sub' -ErrorVariable failures -ErrorAction SilentlyContinue
        $items.Name | Should -BeExactly 'inner.txt'
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'PSDropbox.PathNotFound,PSDropbox.Commands.GetDropboxChildItemCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -BeExactly '/W/zz*'
        $failures[0].ToString() | Should -Match "Nothing in '/W' matches 'zz\*'"
        $failures[0].ToString() | Should -Match '-Filter'
    }

    It 'Get-DropboxItem reports no match as not found without a -Filter hint (it has no -Filter)' {
        $record = { Get-DropboxItem '/W/*.pdf' -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*' -PassThru
        $record.ToString() | Should -Not -Match '-Filter'
    }

    It 'a name that is not a valid pattern is just a missing path' {
        $record = { Get-DropboxItem '/W/a[b' -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*' -PassThru
        $record.TargetObject | Should -BeExactly '/W/a[b'
    }

    It 'Copy-DropboxItem copies every match into the destination folder' {
        New-DropboxFolder /CopyDest | Out-Null
        $copied = Copy-DropboxItem '/W/*.txt' /CopyDest -PassThru
        ($copied.Path | Sort-Object) -join ',' | Should -BeExactly '/CopyDest/a.txt,/CopyDest/B.TXT,/CopyDest/x1.txt'
        (Get-DropboxItem '/W/*.txt') | Should -HaveCount 3
    }

    It 'Remove-DropboxItem -WhatIf deletes no match; without it deletes exactly the matches' {
        Remove-DropboxItem '/CopyDest/*.txt' -WhatIf
        Get-DropboxChildItem /CopyDest | Should -HaveCount 3
        New-DropboxFolder /CopyDest/keep | Out-Null
        Remove-DropboxItem '/CopyDest/*.txt' -Confirm:$false
        (Get-DropboxChildItem /CopyDest).Name | Should -BeExactly 'keep'
    }

    It 'Move-DropboxItem moves every match' {
        New-DropboxFolder /MoveSrc, /MoveDest | Out-Null
        Copy-DropboxItem '/W/*.log' /MoveSrc
        Move-DropboxItem '/MoveSrc/*' /MoveDest
        (Get-DropboxChildItem /MoveDest).Name | Should -BeExactly 'c.log'
        Get-DropboxChildItem /MoveSrc | Should -BeNullOrEmpty
    }

    It 'Receive-DropboxFile downloads every matching file' {
        $target = Join-Path $TestDrive 'received'
        New-Item -ItemType Directory $target | Out-Null
        Receive-DropboxFile '/W/*.TXT' -Destination $target
        (Get-ChildItem $target | Sort-Object Name).Name -join ',' | Should -BeExactly 'a.txt,B.TXT,x1.txt'
    }

    It 'id: paths are never patterns' {
        $file = Get-DropboxItem /W/a.txt
        (Get-DropboxItem $file.Id).Path | Should -BeExactly '/W/a.txt'
    }
}
