BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    function Invoke-TestApi {
        <# Calls an RPC route of this file's emulator directly (for setup the module has no cmdlet for yet). #>
        param([string]$Route, [hashtable]$Body)
        $null = Invoke-RestMethod -Uri "$($Emulator.BaseUrl)/2/$Route" -Method Post -Headers @{ Authorization = "Bearer $($Emulator.AccessToken)" } `
            -ContentType 'application/json' -Body (ConvertTo-Json $Body -Compress)
    }

    # /Find/Reports/Budget-2026.txt ("quarterly numbers"), /Find/Reports/budget-notes.md, /Find/Photos/budget.png,
    # /Find/Photos/Holiday.jpg, /Find/Budget (folder), /Find/Old/budget-old.txt (deleted below)
    $source = Join-Path $TestDrive 'find'
    foreach ($dir in 'Reports', 'Photos', 'Budget', 'Old') { [System.IO.Directory]::CreateDirectory((Join-Path $source $dir)) | Out-Null }
    [System.IO.File]::WriteAllText((Join-Path $source 'Reports/Budget-2026.txt'), 'The quarterly numbers are in.')
    [System.IO.File]::WriteAllText((Join-Path $source 'Reports/budget-notes.md'), 'notes')
    [System.IO.File]::WriteAllText((Join-Path $source 'Reports/plain.txt'), 'Nothing but zebras and QUARTERLY giraffes here.')
    [System.IO.File]::Copy((Join-Path $RepoRoot 'samples/tree/Photos/gradient.png'), (Join-Path $source 'Photos/budget.png'))
    [System.IO.File]::WriteAllText((Join-Path $source 'Photos/Holiday.jpg'), 'not really a jpeg')
    [System.IO.File]::WriteAllText((Join-Path $source 'Old/budget-old.txt'), 'old')
    Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $source; path = '/Find' } | Out-Null
    Invoke-TestApi files/delete_v2 @{ path = '/Find/Old/budget-old.txt' }
}

Describe 'Search-DropboxItem' {
    It 'finds files and folders by name, case-insensitively, as typed items' {
        $found = Search-DropboxItem BUDGET
        $paths = $found | ForEach-Object Path
        $paths | Should -Contain '/Find/Reports/Budget-2026.txt'
        $paths | Should -Contain '/Find/Reports/budget-notes.md'
        $paths | Should -Contain '/Find/Photos/budget.png'
        $paths | Should -Contain '/Find/Budget'
        $paths | Should -Not -Contain '/Find/Old/budget-old.txt'
        ($found | Where-Object Path -EQ '/Find/Budget') | Should -BeOfType ([PSDropbox.DropboxFolder])
        ($found | Where-Object Path -EQ '/Find/Reports/Budget-2026.txt') | Should -BeOfType ([PSDropbox.DropboxFile])
        ($found | Where-Object Path -EQ '/Find/Reports/Budget-2026.txt').MatchType | Should -Be 'filename'
    }

    It 'puts the exact name first when ordering by relevance' {
        (Search-DropboxItem budget)[0].Path | Should -Be '/Find/Budget'
    }

    It 'requires every word of the query to match' {
        $found = Search-DropboxItem 'budget 2026'
        $found | Should -HaveCount 1
        $found.Name | Should -Be 'Budget-2026.txt'
    }

    It 'matches the content of text files unless -FilenameOnly is given' {
        $found = Search-DropboxItem quarterly
        $found | Should -HaveCount 2
        ($found | Where-Object Name -EQ 'plain.txt').MatchType | Should -Be 'content'
        Search-DropboxItem quarterly -FilenameOnly | Should -BeNullOrEmpty
    }

    It 'searches only below -Path' {
        $paths = Search-DropboxItem budget -Path /Find/Reports | ForEach-Object Path
        $paths | Should -HaveCount 2
        $paths | Should -Not -Contain '/Find/Photos/budget.png'
    }

    It 'filters by -FileExtension and by -Category' {
        (Search-DropboxItem budget -FileExtension .md).Path | Should -Be '/Find/Reports/budget-notes.md'
        (Search-DropboxItem budget -Category Image).Path | Should -Be '/Find/Photos/budget.png'
        (Search-DropboxItem budget -Category Folder).Path | Should -Be '/Find/Budget'
        Search-DropboxItem budget -Category Document, Pdf | Should -HaveCount 2
    }

    It 'also finds deleted files with -IncludeDeleted, after the live ones' {
        $found = Search-DropboxItem budget-old -IncludeDeleted
        $found | Should -HaveCount 1
        $found | Should -BeOfType ([PSDropbox.DropboxDeleted])
        $found.Path | Should -Be '/Find/Old/budget-old.txt'
        $all = Search-DropboxItem budget -IncludeDeleted
        $all[-1] | Should -BeOfType ([PSDropbox.DropboxDeleted])
    }

    It 'takes queries from the pipeline and the scope from piped folders' {
        'holiday', 'notes' | Search-DropboxItem | ForEach-Object Name | Should -Be @('Holiday.jpg', 'budget-notes.md')
        (Get-DropboxItem /Find/Photos | Search-DropboxItem -Query budget).Path | Should -Be '/Find/Photos/budget.png'
    }

    It 'reports a missing scope folder as ObjectNotFound' {
        $record = { Search-DropboxItem budget -Path /Nowhere -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $record.TargetObject | Should -Be 'budget'
    }

    It 'searches by -FileExtension or -Category alone when no query is given, without prompting' {
        (Search-DropboxItem -FileExtension png).Path | Should -Be '/Find/Photos/budget.png'
        (Search-DropboxItem -Category Image | Sort-Object Path).Path | Should -Be @('/Find/Photos/budget.png', '/Find/Photos/Holiday.jpg')
        (Search-DropboxItem -FileExtension txt -Path /Find/Reports | Sort-Object Path).Name | Should -Be @('Budget-2026.txt', 'plain.txt')
    }

    It 'without a query, -FileExtension or -Category, says what to give instead of prompting' {
        $record = { Search-DropboxItem -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.InvalidArgument,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$record" | Should -Match '-FileExtension or -Category'
    }

    It 'reports <Case> as an invalid argument, before any request' -ForEach @(
        @{ Case = 'a blank query'; Query = '   ' }
        @{ Case = 'an empty query'; Query = '' }
    ) {
        $mark = Get-RequestMark
        $record = { Search-DropboxItem $Query -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.InvalidArgument,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.TargetObject | Should -BeExactly $Query
        "$record" | Should -BeExactly 'The search query must not be empty: give the words to search for (-Query), or -FileExtension or -Category to find every file of those kinds.'
        @(Get-LoggedRequests -After $mark | Where-Object route -like 'files/search*') | Should -HaveCount 0
    }

    It 'searches by -FileExtension with an empty query' {
        (Search-DropboxItem '' -FileExtension png).Path | Should -Be '/Find/Photos/budget.png'
    }
}

Describe 'Search-DropboxItem paging' {
    BeforeAll {
        $many = Join-Path $TestDrive 'many'
        [System.IO.Directory]::CreateDirectory($many) | Out-Null
        foreach ($i in 1..250) { [System.IO.File]::WriteAllText((Join-Path $many ('item{0:D3}.log' -f $i)), "$i") }
        Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $many; path = '/Many' } | Out-Null
        [System.Threading.Thread]::Sleep(1100)
        $newer = Join-Path $TestDrive 'newer'
        [System.IO.Directory]::CreateDirectory($newer) | Out-Null
        [System.IO.File]::WriteAllText((Join-Path $newer 'item999.log'), 'newest')
        Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $newer; path = '/Many' } | Out-Null
    }

    It 'streams every match page by page: the first item comes before the next page is asked for' {
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $script:count = 0
        Search-DropboxItem item -Path /Many | ForEach-Object {
            $script:count++
            if ($script:count -eq 1) {
                $script:continuesAtFirst = @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = 'files/search/continue_v2' }).Count
            }
        }
        $script:count | Should -Be 251
        $script:continuesAtFirst | Should -Be 0
        @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = 'files/search/continue_v2' }).Count | Should -Be 2
    }

    It 'stops after -First matches without asking for more pages' {
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        Search-DropboxItem item -Path /Many -First 30 | Should -HaveCount 30
        @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = 'files/search/continue_v2' }).Count | Should -Be 0
    }

    It 'orders by last modification, newest first, with -OrderBy LastModifiedTime' {
        (Search-DropboxItem item -Path /Many -First 1 -OrderBy LastModifiedTime).Name | Should -Be 'item999.log'
        (Search-DropboxItem item -Path /Many -First 1).Name | Should -Be 'item001.log'
    }
}
