BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    # /Documents/Budget.md, /Documents/Notes.txt, /My Folder/it's.txt, /Photos (empty), /README.md
    $source = Join-Path $TestDrive 'completion'
    foreach ($folder in 'Documents', 'My Folder', 'Photos') { [System.IO.Directory]::CreateDirectory((Join-Path $source $folder)) | Out-Null }
    foreach ($file in 'Documents/Budget.md', 'Documents/Notes.txt', "My Folder/it's.txt", 'README.md') {
        New-TestFile -Path (Join-Path $source $file) -Size 3 | Out-Null
    }
    Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $source; path = '' } | Out-Null

    function Complete([string]$Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }
    # The emulator logs a request just after it has answered it: wait until the first listing shows.
    function Get-ListFolderCount {
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        do {
            $count = @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = 'files/list_folder' }).Count
            if ($count -gt 0) { return $count }
            [System.Threading.Thread]::Sleep(50)
        } while ([DateTime]::UtcNow -lt $deadline)
        $count
    }
}

Describe 'Tab completion of remote paths' {
    It 'completes /Doc to /Documents/ for Get-DropboxChildItem -Path, a folder ending with /' {
        $matches = Complete 'Get-DropboxChildItem -Path /Doc'
        $matches | Should -HaveCount 1
        $matches[0].CompletionText | Should -BeExactly '/Documents/'
        $matches[0].ResultType | Should -Be 'ProviderContainer'
    }

    It 'completes a positional path, case-insensitively, with the name as Dropbox spells it' {
        (Complete 'Get-DropboxItem /documents/bu').CompletionText | Should -BeExactly '/Documents/Budget.md'
    }

    It 'offers the children of a folder typed with a trailing slash, folders first, never local files' {
        (Complete 'Get-DropboxChildItem /').CompletionText | Should -Be @('/Documents/', "'/My Folder/'", '/Photos/', '/README.md')
        (Complete 'Receive-DropboxFile /Documents/').CompletionText | Should -Be @('/Documents/Budget.md', '/Documents/Notes.txt')
    }

    It 'quotes names with spaces and doubles single quotes inside them' {
        (Complete 'Get-DropboxItem /My').CompletionText | Should -BeExactly "'/My Folder/'"
        (Complete "Get-DropboxItem '/My Folder/it").CompletionText | Should -BeExactly "'/My Folder/it''s.txt'"
    }

    It 'keeps the double quote the user opened' {
        (Complete 'Get-DropboxItem "/My').CompletionText | Should -BeExactly '"/My Folder/"'
    }

    It 'completes -Destination of Send-DropboxFile and of Copy-DropboxItem' {
        (Complete 'Send-DropboxFile ./x.txt -Destination /Pho').CompletionText | Should -BeExactly '/Photos/'
        (Complete 'Copy-DropboxItem /README.md /Pho').CompletionText | Should -BeExactly '/Photos/'
    }

    It 'leaves id: paths alone and offers nothing (not local files) when nothing matches' {
        Complete 'Get-DropboxItem id:abc' | Should -HaveCount 0
        Complete 'Get-DropboxItem /nothing-like-this' | Should -HaveCount 0
    }

    It 'lists each folder once while its listing is fresh, however often Tab is pressed' {
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        Complete 'Get-DropboxChildItem /Photos/' | Should -HaveCount 0
        Complete 'Get-DropboxChildItem /Photos/a' | Should -HaveCount 0
        Complete 'Get-DropboxItem /Photos/b' | Should -HaveCount 0
        Get-ListFolderCount | Should -Be 1
    }

    It 'accepts the completed folder path: a trailing / names the folder' {
        (Get-DropboxChildItem /Documents/).Name | Should -Be @('Budget.md', 'Notes.txt')
        (Get-DropboxItem '/My Folder/').Name | Should -BeExactly 'My Folder'
    }

    It 'copies into a completed folder path: /Photos/ means the same as /Photos' {
        (Copy-DropboxItem /README.md /Photos/ -PassThru).Path | Should -BeExactly '/Photos/README.md'
    }
}

Describe 'Tab completion of stored profile names' {
    BeforeAll {
        $global:PSDropboxProfilePath = Join-Path $TestDrive 'profiles'
        [System.IO.Directory]::CreateDirectory($global:PSDropboxProfilePath) | Out-Null
        foreach ($name in 'work', 'home', 'work-2') { [System.IO.File]::WriteAllText((Join-Path $global:PSDropboxProfilePath "$name.json"), '{}') }
    }
    AfterAll { $global:PSDropboxProfilePath = $null }

    It 'completes <Line> with <Expected>' -ForEach @(
        @{ Line = 'Connect-Dropbox -Name '; Expected = @('home', 'work', 'work-2') }
        @{ Line = 'Connect-Dropbox -Name w'; Expected = @('work', 'work-2') }
        @{ Line = 'Disconnect-Dropbox h'; Expected = @('home') }
        @{ Line = 'Get-DropboxProfile -Name work-'; Expected = @('work-2') }
    ) {
        (Complete $Line).CompletionText | Should -Be $Expected
    }
}

Describe 'Tab completion of fixed values' {
    It 'offers Save-DropboxThumbnail -Size in size order, filtered by what is typed' {
        (Complete 'Save-DropboxThumbnail /p.jpg -Size ').CompletionText | Should -Be @(
            'w32h32', 'w64h64', 'w128h128', 'w256h256', 'w480h320', 'w640h480', 'w960h640', 'w1024h768', 'w2048h1536')
        (Complete 'Save-DropboxThumbnail /p.jpg -Size W1').CompletionText | Should -Be @('w128h128', 'w1024h768')
    }
}
