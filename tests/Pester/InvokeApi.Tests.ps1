BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    $source = Join-Path $TestDrive 'api'
    [System.IO.Directory]::CreateDirectory($source) | Out-Null
    [System.IO.File]::WriteAllText((Join-Path $source 'a.txt'), 'alpha')
    [System.IO.File]::WriteAllText((Join-Path $source 'b.txt'), 'bravo')
    Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $source; path = '/I' } | Out-Null
}

Describe 'Invoke-DropboxApi' {
    It 'calls an RPC route with a hashtable argument and returns the parsed result' {
        $result = Invoke-DropboxApi files/get_metadata @{ path = '/I/a.txt' }
        $result.'.tag' | Should -BeExactly 'file'
        $result.name | Should -BeExactly 'a.txt'
        $result.size | Should -Be 5
        $result.size | Should -BeOfType ([long])
    }

    It 'accepts JSON text and a /2/ route prefix' {
        (Invoke-DropboxApi /2/files/list_folder '{"path": "/I"}').entries | Should -HaveCount 2
    }

    It 'calls a route without an argument' {
        (Invoke-DropboxApi users/get_current_account).account_id | Should -Match '^dbid:'
    }

    It 'sends nested objects and arrays' {
        $result = Invoke-DropboxApi files/delete_batch @{ entries = @(@{ path = '/I/none-1' }, [pscustomobject]@{ path = '/I/none-2' }) }
        $result.'.tag' | Should -BeIn @('async_job_id', 'complete')
    }

    It 'returns nothing for a Void result' {
        Invoke-DropboxApi files/create_folder_v2 @{ path = '/I/Temp' } | Out-Null
        Invoke-DropboxApi files/permanently_delete @{ path = '/I/Temp' } | Should -BeNullOrEmpty
        Get-DropboxItem /I/Temp -IncludeDeleted -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'takes arguments from the pipeline' {
        @(@{ path = '/I/a.txt' }, @{ path = '/I/b.txt' }) | Invoke-DropboxApi files/get_metadata | ForEach-Object name | Should -HaveCount 2
    }

    It 'calls nothing with -WhatIf' {
        Invoke-DropboxApi files/delete_v2 @{ path = '/I/b.txt' } -WhatIf
        Get-DropboxItem /I/b.txt | Should -Not -BeNullOrEmpty
    }

    It 'reports route errors as ErrorRecords like the cmdlets do' {
        $record = { Invoke-DropboxApi files/get_metadata @{ path = '/I/none' } -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $record = { Invoke-DropboxApi files/no_such_route @{} -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.BadRequest,*' -PassThru
        $record.ToString() | Should -Match 'Unknown API function'
    }

    It 'refuses a malformed route name or argument before calling Dropbox' {
        { Invoke-DropboxApi 'get_metadata' -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.InvalidArgument,*'
        { Invoke-DropboxApi files/get_metadata '{not json' -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.InvalidArgument,*'
    }

    It 'uploads a file with -InFile and downloads it with -OutFile' {
        $local = New-TestFile -Path (Join-Path $TestDrive 'up.bin') -Size 100000 -Seed 7
        $result = Invoke-DropboxApi files/upload @{ path = '/I/up.bin'; mode = 'add' } -InFile $local.FullName
        $result.size | Should -Be 100000
        $result.content_hash | Should -BeExactly (Get-ContentHash -Path $local.FullName)
        $out = Join-Path $TestDrive 'down.bin'
        $metadata = Invoke-DropboxApi files/download @{ path = '/I/up.bin' } -OutFile $out
        $metadata.rev | Should -Be $result.rev
        Get-ContentHash -Path $out | Should -BeExactly $result.content_hash
    }

    It 'says to use -OutFile for a content route called without it, and sends nothing (<Route>)' -ForEach @(
        @{ Route = 'files/download' }, @{ Route = '/2/files/export' }, @{ Route = 'files/get_thumbnail_v2' }, @{ Route = 'sharing/get_shared_link_file' }
    ) {
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $record = { Invoke-DropboxApi $Route @{ path = '/I/a.txt' } -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.OutFileRequired,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.TargetObject | Should -BeExactly ($Route -replace '^/2/', '')
        $record.Exception.Message | Should -Match 'add -OutFile'
        "$record" | Should -BeExactly $record.Exception.Message
        @(Invoke-EmulatorAdmin -Method GET -Path requests) | Should -HaveCount 0
    }

    It 'leaves no file behind when a download fails' {
        $out = Join-Path $TestDrive 'never.bin'
        { Invoke-DropboxApi files/download @{ path = '/I/none.bin' } -OutFile $out -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
        [System.IO.File]::Exists($out) | Should -BeFalse
        [System.IO.File]::Exists("$out.psdropbox-partial") | Should -BeFalse
    }

    It 'reports a missing -InFile as a local error' {
        $record = { Invoke-DropboxApi files/upload @{ path = '/I/up.bin' } -InFile (Join-Path $TestDrive 'missing.bin') -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.LocalPathNotFound,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'refuses a -Header it cannot send, naming the header, before calling Dropbox (<Name>)' -ForEach @(
        @{ Header = @{ Authorization = 'Bearer x' }; Name = 'Authorization' }
        @{ Header = @{ 'Dropbox-API-Arg' = '{}' }; Name = 'Dropbox-API-Arg' }
        @{ Header = @{ 'X-Two' = "a`r`nX-Injected: b" }; Name = 'X-Two' }
        @{ Header = @{ 'Bad Name' = 'x' }; Name = 'Bad Name' }
        @{ Header = @{ 'X-Null' = $null }; Name = 'X-Null' }
    ) {
        Invoke-EmulatorAdmin -Method DELETE -Path requests
        $record = { Invoke-DropboxApi users/get_current_account -Header $Header -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.InvalidArgument,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.TargetObject | Should -Be $Name
        @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = 'users/get_current_account' }) | Should -BeNullOrEmpty
    }

    It 'sends -Header values, a hashtable as JSON, with the call' {
        $header = @{ 'X-Trace' = 'run-1'; 'Dropbox-API-Path-Root' = @{ '.tag' = 'home' } }
        (Invoke-DropboxApi users/get_current_account -Header $header).email | Should -Be 'user@emulator.local'
        (Invoke-DropboxApi files/get_metadata @{ path = '/I/a.txt' } -Header $header).name | Should -Be 'a.txt'
    }
}
