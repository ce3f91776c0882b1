BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    $script:Http = [System.Net.Http.HttpClient]::new()
    function Get-Anonymously {
        <# GET a URL with no Authorization header; returns status and body bytes. #>
        param([string]$Url)
        $response = $script:Http.GetAsync($Url).GetAwaiter().GetResult()
        try {
            [pscustomobject]@{
                Status = [int]$response.StatusCode
                Bytes  = $response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult()
            }
        }
        finally { $response.Dispose() }
    }

    # /L/data.bin (3000 bytes), /L/small.txt, /L/Tree/a.txt, /L/Tree/Sub/b.bin
    $source = Join-Path $TestDrive 'links'
    [System.IO.Directory]::CreateDirectory((Join-Path $source 'Tree/Sub')) | Out-Null
    New-TestFile -Path (Join-Path $source 'data.bin') -Size 3000 -Seed 7 | Out-Null
    [System.IO.File]::WriteAllText((Join-Path $source 'small.txt'), 'hello')
    [System.IO.File]::WriteAllText((Join-Path $source 'Tree/a.txt'), 'alpha')
    New-TestFile -Path (Join-Path $source 'Tree/Sub/b.bin') -Size 1000 -Seed 3 | Out-Null
    Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $source; path = '/L' } | Out-Null

    $script:BobToken = 'sl.PSDTEST.bob.' + [guid]::NewGuid().ToString('n')
    Invoke-EmulatorAdmin -Method POST -Path accounts -Body @{ name = 'bob'; token = $script:BobToken } | Out-Null
    function Connect-AsBob { Connect-Dropbox -AccessToken $script:BobToken -ApiEndpoint $Emulator.BaseUrl }
}

AfterAll { $script:Http.Dispose() }

Describe 'Get-DropboxTemporaryLink' {
    It 'returns a link that downloads the exact bytes without signing in' {
        $link = Get-DropboxTemporaryLink /L/data.bin
        $link | Should -BeOfType ([PSDropbox.DropboxTemporaryLink])
        $link.File.Path | Should -Be '/L/data.bin'
        $link.Expires | Should -BeGreaterThan ([DateTime]::Now.AddHours(3.9))
        $link.Expires | Should -BeLessThan ([DateTime]::Now.AddHours(4.1))
        $got = Get-Anonymously $link.Url
        $got.Status | Should -Be 200
        $expected = [System.IO.File]::ReadAllBytes((Join-Path $TestDrive 'links/data.bin'))
        [System.Convert]::ToBase64String($got.Bytes) | Should -BeExactly ([System.Convert]::ToBase64String($expected))
    }

    It 'answers 410 Gone once the 4 hours are over' {
        $link = Get-DropboxTemporaryLink /L/small.txt
        (Get-Anonymously $link.Url).Status | Should -Be 200
        Invoke-EmulatorAdmin -Method POST -Path clock -Body @{ advance_seconds = 4 * 3600 + 1 } | Out-Null
        (Get-Anonymously $link.Url).Status | Should -Be 410
    }

    It 'takes files from the pipeline' {
        $links = Get-DropboxChildItem /L -Filter *.* | Get-DropboxTemporaryLink
        $links | Should -HaveCount 2
        ($links | ForEach-Object Name) | Should -Contain 'small.txt'
    }

    It 'reports a folder as InvalidType and a missing file as ObjectNotFound, and goes on' {
        $links = Get-DropboxTemporaryLink /L/Tree, /L/missing.bin, /L/small.txt -ErrorVariable failures -ErrorAction SilentlyContinue
        $links | Should -HaveCount 1
        $failures | Should -HaveCount 2
        $failures[0].FullyQualifiedErrorId | Should -Match '^PSDropbox.NotAFile'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidType'
        $failures[0].TargetObject | Should -Be '/L/Tree'
        $failures[1].FullyQualifiedErrorId | Should -Match '^PSDropbox.PathNotFound'
        $failures[1].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Copy references' {
    AfterEach { Connect-TestDropbox }

    It 'gets a reference to a file' {
        $ref = Get-DropboxCopyReference /L/data.bin
        $ref | Should -BeOfType ([PSDropbox.DropboxCopyReference])
        $ref.CopyReference | Should -Not -BeNullOrEmpty
        $ref.Item | Should -BeOfType ([PSDropbox.DropboxFile])
        $ref.Name | Should -Be 'data.bin'
        $ref.Expires | Should -BeGreaterThan ([DateTime]::Now.AddYears(10))
    }

    It 'lets a second account save a file it could not see before' {
        $ref = Get-DropboxCopyReference /L/data.bin
        $original = Get-DropboxItem /L/data.bin
        Connect-AsBob
        (Get-DropboxAccount).Email | Should -Be 'bob@emulator.local'
        { Get-DropboxItem /L/data.bin -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
        $saved = Save-DropboxCopyReference -CopyReference $ref.CopyReference -Destination /FromAlice/data.bin
        $saved | Should -BeOfType ([PSDropbox.DropboxFile])
        $saved.Path | Should -Be '/FromAlice/data.bin'
        $saved.ContentHash | Should -Be $original.ContentHash
        $saved.Id | Should -Not -Be $original.Id
        Connect-TestDropbox
        { Get-DropboxItem /FromAlice -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
    }

    It 'copies a whole folder tree' {
        $ref = Get-DropboxCopyReference /L/Tree
        Connect-AsBob
        $saved = $ref | Save-DropboxCopyReference -Destination /Copied
        $saved | Should -BeOfType ([PSDropbox.DropboxFolder])
        (Get-DropboxChildItem /Copied -Recurse | ForEach-Object Path) | Should -Be @('/Copied/a.txt', '/Copied/Sub', '/Copied/Sub/b.bin')
    }

    It 'saves piped references into an existing folder under their own names' {
        $refs = Get-DropboxCopyReference /L/small.txt, /L/data.bin
        Connect-AsBob
        New-DropboxFolder /Inbox | Out-Null
        $saved = $refs | Save-DropboxCopyReference -Destination /Inbox
        ($saved | ForEach-Object Path) | Should -Be @('/Inbox/small.txt', '/Inbox/data.bin')
    }

    It 'saves nothing with -WhatIf' {
        $ref = Get-DropboxCopyReference /L/small.txt
        Save-DropboxCopyReference $ref.CopyReference /WhatIfCopy.txt -WhatIf
        { Get-DropboxItem /WhatIfCopy.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
    }

    It 'reports an unknown reference as InvalidCopyReference' {
        $record = { Save-DropboxCopyReference -CopyReference 'not-a-reference' -Destination /x.txt -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.InvalidCopyReference,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.TargetObject | Should -Be '/x.txt'
    }

    It 'reports an occupied destination as a conflict' {
        $ref = Get-DropboxCopyReference /L/small.txt
        $record = { Save-DropboxCopyReference $ref.CopyReference /L/data.bin -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.Conflict,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'reports a reference to a missing item as ObjectNotFound' {
        { Get-DropboxCopyReference /L/nothing.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
    }
}
