BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    # A small tree: /Tree/a.txt, /Tree/Sub/b.log, /Tree/Sub/Deeper/c.log, /Tree/Empty
    $source = Join-Path $TestDrive 'tree'
    [System.IO.Directory]::CreateDirectory((Join-Path $source 'Sub/Deeper')) | Out-Null
    [System.IO.Directory]::CreateDirectory((Join-Path $source 'Empty')) | Out-Null
    New-TestFile -Path (Join-Path $source 'a.txt') -Size 10 | Out-Null
    New-TestFile -Path (Join-Path $source 'Sub/b.log') -Size 2000 | Out-Null
    New-TestFile -Path (Join-Path $source 'Sub/Deeper/c.log') -Size 0 | Out-Null
    Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $source; path = '/Tree' } | Out-Null
}

Describe 'Get-DropboxAccount' {
    It 'returns the account and its space usage as one typed object' {
        $account = Get-DropboxAccount
        $account | Should -BeOfType ([PSDropbox.DropboxAccount])
        $account.AccountId | Should -Match '^dbid:'
        $account.DisplayName | Should -Be 'Emulator User'
        $account.Allocated | Should -BeGreaterThan 0
        $account.Used | Should -BeGreaterThan 2009
    }
}

Describe 'Get-DropboxItem' {
    It 'returns a typed file with size, rev and content hash' {
        $file = Get-DropboxItem /Tree/Sub/b.log
        $file | Should -BeOfType ([PSDropbox.DropboxFile])
        $file.Length | Should -Be 2000
        $file.Rev | Should -Match '^[0-9a-f]{9,}$'
        $file.ContentHash | Should -BeExactly (Get-ContentHash -Path (Join-Path $TestDrive 'tree/Sub/b.log'))
        $file.Path | Should -BeExactly '/Tree/Sub/b.log'
        $file.ParentPath | Should -BeExactly '/Tree/Sub'
    }

    It 'finds items case-insensitively and keeps their real case' {
        $folder = Get-DropboxItem /tree/SUB
        $folder | Should -BeOfType ([PSDropbox.DropboxFolder])
        $folder.Name | Should -BeExactly 'Sub'
    }

    It 'accepts an id: path' {
        $file = Get-DropboxItem /Tree/a.txt
        (Get-DropboxItem $file.Id).Path | Should -BeExactly '/Tree/a.txt'
    }

    It 'takes paths from the pipeline, by value and by property name' {
        @('/Tree/a.txt', '/Tree/Sub') | Get-DropboxItem | Should -HaveCount 2
        (Get-DropboxItem /Tree/a.txt | Get-DropboxItem).Name | Should -Be 'a.txt'
    }

    It 'returns the root for /' {
        (Get-DropboxItem /) | Should -BeOfType ([PSDropbox.DropboxFolder])
    }

    It 'reports a missing path as ObjectNotFound and goes on with the next path' {
        $items = Get-DropboxItem /Tree/missing.txt, /Tree/a.txt -ErrorVariable failures -ErrorAction SilentlyContinue
        $items | Should -HaveCount 1
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Match '^PSDropbox.PathNotFound'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be '/Tree/missing.txt'
        $failures[0].ToString() | Should -Match "'/Tree/missing.txt' was not found"
    }

    It 'takes one trailing slash as naming the folder, as Tab completion writes it' {
        (Get-DropboxItem /Tree/Sub/).Path | Should -BeExactly '/Tree/Sub'
    }

    It 'refuses two trailing slashes as a malformed path' {
        $record = { Get-DropboxItem /Tree/Sub// -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.MalformedPath,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.ToString() | Should -Match "use '/Tree/Sub'"
    }

    It 'reports a path the server rejects as bad input' {
        $record = { Get-DropboxItem 'rev:nothex' -ErrorAction Stop } | Should -Throw -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.FullyQualifiedErrorId | Should -Match '^PSDropbox\.(BadRequest|MalformedPath)'
    }
}

Describe 'Get-DropboxChildItem' {
    It 'lists the direct children of a folder' {
        $names = Get-DropboxChildItem /Tree | ForEach-Object Name
        $names | Should -HaveCount 3
        $names | Should -Contain 'a.txt'
        $names | Should -Contain 'Sub'
        $names | Should -Contain 'Empty'
    }

    It 'lists the root for /' {
        (Get-DropboxChildItem /).Name | Should -Contain 'Tree'
    }

    It 'lists everything below with -Recurse, without the folder itself' {
        $paths = Get-DropboxChildItem /Tree -Recurse | ForEach-Object Path
        $paths | Should -HaveCount 6
        $paths | Should -Contain '/Tree/Sub/Deeper/c.log'
        $paths | Should -Not -Contain '/Tree'
    }

    It 'filters on the name with a wildcard' {
        $logs = Get-DropboxChildItem /Tree -Recurse -Filter *.LOG
        $logs | Should -HaveCount 2
        $logs | ForEach-Object { $_ | Should -BeOfType ([PSDropbox.DropboxFile]) }
    }

    It 'takes folders from the pipeline' {
        (Get-DropboxItem /Tree/Sub | Get-DropboxChildItem).Name | Should -Contain 'b.log'
    }

    It 'reports a file where a folder is expected as InvalidType' {
        $record = { Get-DropboxChildItem /Tree/a.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.NotAFolder,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidType'
    }

    It 'reports a missing folder as ObjectNotFound' {
        { Get-DropboxChildItem /Nowhere -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
    }
}

Describe 'New-DropboxFolder' {
    It 'creates a folder and its missing parents and returns it' {
        $folder = New-DropboxFolder /Made/Deep/Inside
        $folder | Should -BeOfType ([PSDropbox.DropboxFolder])
        $folder.Path | Should -BeExactly '/Made/Deep/Inside'
        (Get-DropboxItem /Made/Deep) | Should -BeOfType ([PSDropbox.DropboxFolder])
    }

    It 'creates nothing with -WhatIf' {
        New-DropboxFolder /WhatIfFolder -WhatIf
        { Get-DropboxItem /WhatIfFolder -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
    }

    It 'reports an existing folder as a conflict' {
        New-DropboxFolder /Twice | Out-Null
        $record = { New-DropboxFolder /Twice -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.Conflict,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'treats an existing folder as success with -Force' {
        $first = New-DropboxFolder /Forced
        $again = New-DropboxFolder /Forced -Force -ErrorAction Stop
        $again.Id | Should -Be $first.Id
    }

    It 'refuses a folder under a file' {
        $record = { New-DropboxFolder /Tree/a.txt/inside -ErrorAction Stop } | Should -Throw -PassThru
        $record.FullyQualifiedErrorId | Should -Match '^PSDropbox\.(ParentIsFile|Conflict)'
        $record.CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'creates several folders from the pipeline' {
        '/Piped/One', '/Piped/Two' | New-DropboxFolder | Should -HaveCount 2
        (Get-DropboxChildItem /Piped).Name | Should -HaveCount 2
    }
}

Describe 'Streaming listings' {
    BeforeAll {
        $big = Join-Path $TestDrive 'big'
        [System.IO.Directory]::CreateDirectory($big) | Out-Null
        foreach ($i in 1..10000) { [System.IO.File]::WriteAllText((Join-Path $big ('f{0:D5}.txt' -f $i)), "$i") }
        Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $big; path = '/Big' } | Out-Null
    }

    It 'emits the first object before the second page is requested, and does not keep emitted objects' {
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $script:seen = 0
        Get-DropboxChildItem /Big -PageSize 100 | ForEach-Object {
            $script:seen++
            if ($script:seen -eq 1) {
                $script:continuesAtFirst = @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = 'files/list_folder/continue' }).Count
                $script:firstItem = [System.WeakReference]::new($_.psobject.BaseObject)
            }
            if ($script:seen -eq 5000) {
                [System.GC]::Collect(); [System.GC]::WaitForPendingFinalizers(); [System.GC]::Collect()
                $script:firstAliveAt5000 = $script:firstItem.IsAlive
            }
        }
        $script:seen | Should -Be 10000
        $script:continuesAtFirst | Should -Be 0
        $script:firstAliveAt5000 | Should -BeFalse
        @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = 'files/list_folder/continue' }).Count | Should -BeGreaterThan 90
    }
}
