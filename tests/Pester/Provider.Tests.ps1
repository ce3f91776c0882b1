BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    # /Documents/big.txt (2000 bytes), /Documents/small.txt, /Documents/Sub/deep.txt, /notes.txt,
    # /Projects/README.md, /Projects/2026/data.csv, /a.txt
    $source = Join-Path $TestDrive 'provider'
    foreach ($folder in 'Documents/Sub', 'Projects/2026') { [System.IO.Directory]::CreateDirectory((Join-Path $source $folder)) | Out-Null }
    New-TestFile -Path (Join-Path $source 'Documents/big.txt') -Size 2000 | Out-Null
    foreach ($file in 'Documents/small.txt', 'Documents/Sub/deep.txt', 'Projects/README.md', 'Projects/2026/data.csv') {
        New-TestFile -Path (Join-Path $source $file) -Size 10 | Out-Null
    }
    [System.IO.File]::WriteAllText((Join-Path $source 'notes.txt'), "first line`nsecond x line`nthird line`n")
    [System.IO.File]::WriteAllText((Join-Path $source 'a.txt'), 'copy me')
    Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $source; path = '' } | Out-Null

    # The emulator logs a request just after it has answered it: wait until at least $AtLeast requests of $Route show.
    function Get-RequestCount([string]$Route, [int]$AtLeast = 0) {
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        do {
            $count = @(Invoke-EmulatorAdmin -Path requests -Query @{ route = $Route }).Count
            if ($count -ge $AtLeast) { return $count }
            [System.Threading.Thread]::Sleep(50)
        } while ([DateTime]::UtcNow -lt $deadline)
        $count
    }
    function Clear-Requests { Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null }
    function Complete([string]$Line) { @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches) }
}

AfterAll {
    Set-Location $TestDrive
}

Describe 'The Dropbox: drive' {
    AfterEach { Set-Location $TestDrive }

    It 'is mounted by Connect-Dropbox, for the Dropbox provider' {
        $drive = Get-PSDrive Dropbox
        $drive.Provider.Name | Should -Be 'Dropbox'
        (Get-PSProvider Dropbox).Capabilities | Should -Match 'Filter'
    }

    It 'lists a folder as the module''s typed items: Set-Location Dropbox:/Documents; Get-ChildItem | Where-Object Length -gt 1kb' {
        Set-Location Dropbox:/Documents
        $big = @(Get-ChildItem | Where-Object Length -gt 1kb)
        $big.Name | Should -Be @('big.txt')
        $big[0] | Should -BeOfType ([PSDropbox.DropboxFile])
        $big[0].Length | Should -Be 2000
        (Get-ChildItem | Where-Object PSIsContainer).Name | Should -Be @('Sub')
        (Get-ChildItem | Where-Object PSIsContainer)[0] | Should -BeOfType ([PSDropbox.DropboxFolder])
        (Get-Location).Path | Should -BeExactly 'Dropbox:/Documents'
    }

    It 'renders items with the module''s view' {
        $text = Get-ChildItem Dropbox:/Documents | Out-String
        $text | Should -Match 'Mode\s+LastWriteTime\s+Length\s+Name'
        $text | Should -Match '2000 big\.txt'
    }

    It 'reads / and \ alike, and Dropbox names case-insensitively' {
        $slash = (Get-ChildItem Dropbox:/Documents).Name
        (Get-ChildItem Dropbox:\Documents).Name | Should -Be $slash
        (Get-ChildItem dropbox:/DOCUMENTS).Name | Should -Be $slash
        (Get-Item Dropbox:\Documents\Sub\deep.txt).Path | Should -BeExactly 'Dropbox:/Documents/Sub/deep.txt'
    }

    It 'follows relative paths from the current location, .. included' {
        Set-Location Dropbox:/Documents
        (Get-Item small.txt).Path | Should -BeExactly 'Dropbox:/Documents/small.txt'
        (Get-Item ./Sub/deep.txt).Path | Should -BeExactly 'Dropbox:/Documents/Sub/deep.txt'
        (Get-Item ../notes.txt).Path | Should -BeExactly 'Dropbox:/notes.txt'
        Set-Location Sub
        (Get-Location).Path | Should -BeExactly 'Dropbox:/Documents/Sub'
        Set-Location ..
        (Get-Location).Path | Should -BeExactly 'Dropbox:/Documents'
    }

    It 'goes there and back with Push-Location and Pop-Location' {
        $here = (Get-Location).Path
        Push-Location Dropbox:/Projects/2026
        (Get-ChildItem).Name | Should -Be @('data.csv')
        Pop-Location
        (Get-Location).Path | Should -BeExactly $here
    }

    It 'pipes items into the module''s cmdlets by their Path' {
        (Get-ChildItem Dropbox:/notes.txt | Get-DropboxItem).Path | Should -BeExactly '/notes.txt'
    }

    It 'pipes items into PowerShell''s cmdlets in the drive, never to a local path of the same name' {
        $local = Join-Path $TestDrive 'Piped'
        New-Item -ItemType Directory $local | Out-Null
        Set-Location $TestDrive
        Copy-Item Dropbox:/Projects Dropbox:/Piped -Recurse
        Get-ChildItem Dropbox:/ -Filter Piped | Remove-Item -Recurse
        Test-Path Dropbox:/Piped | Should -BeFalse
        (Get-Item -LiteralPath $local -ErrorAction Ignore).FullName | Should -Be $local -Because 'the local folder of the same name is kept'
        (Get-ChildItem Dropbox:/Documents -Filter small.txt | Get-Content -AsByteStream).Count | Should -Be 10
    }
}

Describe 'Get-ChildItem in the drive' {
    BeforeEach { Clear-Requests }

    It 'lists a tree with -Recurse as one recursive listing' {
        $all = @(Get-ChildItem Dropbox:/Documents -Recurse)
        ($all.Path | Sort-Object) | Should -Be @('Dropbox:/Documents/big.txt', 'Dropbox:/Documents/small.txt', 'Dropbox:/Documents/Sub', 'Dropbox:/Documents/Sub/deep.txt')
        Get-RequestCount 'files/list_folder' -AtLeast 1 | Should -Be 1
        Get-RequestCount 'files/list_folder/continue' | Should -Be 0
    }

    It 'streams a long listing page by page (-PageSize): a command that stops early stops the listing' {
        $many = Join-Path $TestDrive 'many'
        [System.IO.Directory]::CreateDirectory($many) | Out-Null
        1..30 | ForEach-Object { [System.IO.File]::WriteAllText((Join-Path $many "f$_.txt"), "$_") }
        Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $many; path = '/Many' } | Out-Null
        @(Get-ChildItem Dropbox:/Many -PageSize 7).Count | Should -Be 30
        Get-RequestCount 'files/list_folder/continue' -AtLeast 4 | Should -Be 4
        Clear-Requests
        Get-ChildItem Dropbox:/Many -PageSize 7 | Select-Object -First 1 | Should -HaveCount 1
        Get-RequestCount 'files/list_folder' -AtLeast 1 | Should -Be 1
        Get-RequestCount 'files/list_folder/continue' | Should -Be 0
    }

    It 'stops at -Depth' {
        (Get-ChildItem Dropbox:/ -Recurse -Depth 0).Name | Sort-Object | Should -Be (Get-ChildItem Dropbox:/).Name
        (Get-ChildItem Dropbox:/Documents -Recurse -Depth 1).Path | Should -Contain 'Dropbox:/Documents/Sub/deep.txt'
        (Get-ChildItem Dropbox:/ -Recurse -Depth 1).Path | Should -Not -Contain 'Dropbox:/Documents/Sub/deep.txt'
    }

    It 'matches -Filter case-insensitively, also with -Recurse' {
        (Get-ChildItem Dropbox:/Documents -Filter *.TXT).Name | Sort-Object | Should -Be @('big.txt', 'small.txt')
        (Get-ChildItem Dropbox:/ -Recurse -Filter *.csv).Path | Should -Be @('Dropbox:/Projects/2026/data.csv')
    }

    It 'gives names with -Name, files with -File and folders with -Directory' {
        Get-ChildItem Dropbox:/Projects -Name | Should -Be @('2026', 'README.md')
        (Get-ChildItem Dropbox:/Projects -File).Name | Should -Be @('README.md')
        (Get-ChildItem Dropbox:/Projects -Directory).Name | Should -Be @('2026')
    }

    It 'names a missing path as the user wrote it, as PowerShell''s providers do: ItemNotFoundException, PathNotFound' {
        Get-ChildItem Dropbox:/Nope -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].Exception | Should -BeOfType ([System.Management.Automation.ItemNotFoundException])
        $failed[0].FullyQualifiedErrorId | Should -BeExactly 'PathNotFound,Microsoft.PowerShell.Commands.GetChildItemCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failed[0].TargetObject | Should -BeExactly 'Dropbox:/Nope'
        $failed[0].Exception.Message | Should -BeExactly "Cannot find path 'Dropbox:/Nope' because it does not exist."
        Push-Location Dropbox:/Documents
        try { Get-ChildItem Nope -ErrorVariable failed -ErrorAction SilentlyContinue } finally { Pop-Location }
        $failed[0].TargetObject | Should -BeExactly 'Dropbox:/Documents/Nope'
        Get-ChildItem Dropbox:/Nope/*.txt -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].TargetObject | Should -BeExactly 'Dropbox:/Nope'
        Test-Path Dropbox:/Nope | Should -BeFalse
    }

    It 'lists a file as itself' {
        (Get-ChildItem Dropbox:/notes.txt).Path | Should -BeExactly 'Dropbox:/notes.txt'
    }
}

Describe 'Items in the drive' {
    BeforeEach { Clear-Requests }

    It 'tests paths, with -PathType' {
        $answers = (Test-Path Dropbox:/Documents), (Test-Path Dropbox:/Documents -PathType Container),
            (Test-Path Dropbox:/Documents -PathType Leaf), (Test-Path Dropbox:/notes.txt -PathType Leaf), (Test-Path Dropbox:/nothing-here)
        $answers | Should -Be @($true, $true, $false, $true, $false)
    }

    It 'resolves wildcards case-insensitively' {
        (Resolve-Path Dropbox:/doc*/*.TXT).Path | Sort-Object | Should -Be @('Dropbox:/Documents/big.txt', 'Dropbox:/Documents/small.txt')
        (Resolve-Path Dropbox:/*/20??/*).Path | Should -Be @('Dropbox:/Projects/2026/data.csv')
    }

    It 'makes a folder, and a file holding -Value' {
        $folder = New-Item Dropbox:/Made -ItemType Directory
        $folder | Should -BeOfType ([PSDropbox.DropboxFolder])
        $file = New-Item Dropbox:/Made/new.txt -Value 'made here'
        $file | Should -BeOfType ([PSDropbox.DropboxFile])
        Get-DropboxContent /Made/new.txt | Should -BeExactly 'made here'
        (New-Item Dropbox:/Made -ItemType Directory -Force).Path | Should -BeExactly 'Dropbox:/Made'
    }

    It 'refuses a folder that exists with the cmdlets'' error id' {
        New-Item Dropbox:/Made2 -ItemType Directory | Out-Null
        New-Item Dropbox:/Made2 -ItemType Directory -ErrorVariable failed -ErrorAction SilentlyContinue | Out-Null
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'PSDropbox.Conflict,*'
        $failed[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $failed[0].TargetObject | Should -BeExactly '/Made2'
    }

    It 'copies within Dropbox with one server-side copy: Copy-Item Dropbox:/a.txt Dropbox:/b.txt' {
        Copy-Item Dropbox:/a.txt Dropbox:/b.txt
        Get-RequestCount 'files/copy_v2' -AtLeast 1 | Should -Be 1
        Get-RequestCount 'files/download' | Should -Be 0
        Get-RequestCount 'files/upload' | Should -Be 0
        Get-DropboxContent /b.txt | Should -BeExactly 'copy me'
        Get-DropboxContent /a.txt | Should -BeExactly 'copy me'
    }

    It 'does not copy or move over a file unless -Force, which deletes it restorably first' {
        New-Item Dropbox:/old.txt -Value 'old' | Out-Null
        Copy-Item Dropbox:/a.txt Dropbox:/old.txt -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'PSDropbox.Conflict,*'
        Get-DropboxContent /old.txt | Should -BeExactly 'old'
        Copy-Item Dropbox:/a.txt Dropbox:/old.txt -Force
        Get-DropboxContent /old.txt | Should -BeExactly 'copy me'
        New-Item Dropbox:/moved-over.txt -Value 'before' | Out-Null
        Move-Item Dropbox:/old.txt Dropbox:/moved-over.txt -Force
        Get-DropboxContent /moved-over.txt | Should -BeExactly 'copy me'
        Test-Path Dropbox:/old.txt | Should -BeFalse
    }

    It 'names the destination when the destination is what is in the way, for Copy-Item, Move-Item and Rename-Item' {
        New-Item Dropbox:/in-the-way.txt -Value 'here first' | Out-Null
        Copy-Item Dropbox:/a.txt Dropbox:/in-the-way.txt -ErrorVariable copied -ErrorAction SilentlyContinue
        Move-Item Dropbox:/a.txt Dropbox:/in-the-way.txt -ErrorVariable moved -ErrorAction SilentlyContinue
        Rename-Item Dropbox:/a.txt in-the-way.txt -ErrorVariable renamed -ErrorAction SilentlyContinue
        foreach ($failed in $copied, $moved, $renamed) {
            $failed | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'PSDropbox.Conflict,*'
            $failed[0].TargetObject | Should -BeExactly '/in-the-way.txt'
            $failed[0].Exception.Message | Should -BeLike "'/in-the-way.txt' conflicts with an item that already exists.*"
        }
        Copy-Item Dropbox:/a.txt Dropbox:/in-the-way.txt/under.txt -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'PSDropbox.ParentIsFile,*'
        $failed[0].TargetObject | Should -BeExactly '/in-the-way.txt/under.txt'
        Get-DropboxContent /in-the-way.txt | Should -BeExactly 'here first'
        Get-DropboxContent /a.txt | Should -BeExactly 'copy me'
    }

    It 'copies into a folder, and a folder with its contents with -Recurse' {
        New-Item Dropbox:/Into -ItemType Directory | Out-Null
        Copy-Item Dropbox:/a.txt Dropbox:/Into
        (Get-DropboxItem /Into/a.txt).ContentHash | Should -Be (Get-DropboxItem /a.txt).ContentHash
        Clear-Requests
        Copy-Item Dropbox:/Projects Dropbox:/ProjectsCopy -Recurse
        Get-RequestCount 'files/copy_v2' -AtLeast 1 | Should -Be 1
        (Get-ChildItem Dropbox:/ProjectsCopy -Recurse).Path | Should -Contain 'Dropbox:/ProjectsCopy/2026/data.csv'
    }

    It 'moves with one server-side move, and renames (also a change of case only)' {
        New-Item Dropbox:/moving.txt -Value 'm' | Out-Null
        New-Item Dropbox:/Target -ItemType Directory | Out-Null
        Clear-Requests
        Move-Item Dropbox:/moving.txt Dropbox:/Target
        Get-RequestCount 'files/move_v2' -AtLeast 1 | Should -Be 1
        Test-Path Dropbox:/moving.txt | Should -BeFalse
        Rename-Item Dropbox:/Target/moving.txt moved.txt
        (Get-ChildItem Dropbox:/Target).Name | Should -Be @('moved.txt')
        Rename-Item Dropbox:/Target/moved.txt MOVED.TXT -PassThru | ForEach-Object Name | Should -BeExactly 'MOVED.TXT'
        (Get-ChildItem Dropbox:/Target).Name | Should -BeExactly @('MOVED.TXT')
    }

    It 'refuses bad input per item, with the cmdlets'' error ids, and goes on' {
        Rename-Item Dropbox:/a.txt 'x/y.txt' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'PSDropbox.InvalidArgument,*'
        New-Item Dropbox:/odd -ItemType Spreadsheet -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'PSDropbox.InvalidArgument,*'
        $failed[0].Exception.Message | Should -Match 'File or Directory'
        (Get-DropboxItem /a.txt).Name | Should -BeExactly 'a.txt' -Because 'the refused rename left the file where it was'
    }

    It 'changes nothing with Remove-Item Dropbox:/Projects -Recurse -WhatIf' {
        $before = (Get-ChildItem Dropbox:/Projects -Recurse).Path
        Clear-Requests
        Remove-Item Dropbox:/Projects -Recurse -WhatIf
        Get-RequestCount 'files/delete_v2' | Should -Be 0
        (Get-ChildItem Dropbox:/Projects -Recurse).Path | Should -Be $before
    }

    It 'removes a folder with -Recurse, restorably: -Force lists it as deleted' {
        Copy-Item Dropbox:/Projects Dropbox:/Doomed -Recurse
        Remove-Item Dropbox:/Doomed -Recurse
        Test-Path Dropbox:/Doomed | Should -BeFalse
        $deleted = Get-ChildItem Dropbox:/ -Force | Where-Object Name -EQ 'Doomed'
        $deleted | Should -BeOfType ([PSDropbox.DropboxDeleted])
        Get-ChildItem Dropbox:/ | Where-Object Name -EQ 'Doomed' | Should -BeNullOrEmpty
    }

    It 'removes a file, restorably, without asking for -Recurse' {
        'bye' | Set-DropboxContent -Path /Doomed-file.txt
        Remove-Item Dropbox:/Doomed-file.txt -ErrorAction Stop
        Test-Path Dropbox:/Doomed-file.txt | Should -BeFalse
        (Get-ChildItem Dropbox:/ -Force | Where-Object Name -EQ 'Doomed-file.txt').GetType().Name | Should -Be 'DropboxDeleted'
    }

    It 'reports a missing item as PowerShell does: ItemNotFoundException, ObjectNotFound' {
        { Get-Item Dropbox:/missing.txt -ErrorAction Stop } | Should -Throw -ExceptionType ([System.Management.Automation.ItemNotFoundException])
        Get-Item Dropbox:/missing.txt -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Remove-Item Dropbox:/missing.txt -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Content in the drive' {
    BeforeEach { Clear-Requests }

    It 'reads lines into the pipeline: Get-Content Dropbox:/notes.txt | Select-String x' {
        $found = @(Get-Content Dropbox:/notes.txt | Select-String x)
        $found | Should -HaveCount 1
        $found[0].Line | Should -BeExactly 'second x line'
    }

    It 'reads -Raw, -TotalCount, -AsByteStream and -Encoding' {
        Get-Content Dropbox:/notes.txt -Raw | Should -BeExactly "first line`nsecond x line`nthird line`n"
        Get-Content Dropbox:/notes.txt -TotalCount 2 | Should -Be @('first line', 'second x line')
        Get-Content Dropbox:/notes.txt -AsByteStream -TotalCount 3 | Should -Be @(102, 105, 114)
        $bytes = Get-Content Dropbox:/notes.txt -AsByteStream -Raw
        $bytes.GetType() | Should -Be ([byte[]])
        $bytes.Length | Should -Be 36
        'Grüße' | Set-DropboxContent /latin.txt -Encoding latin1
        Get-Content Dropbox:/latin.txt -Encoding latin1 | Should -BeExactly 'Grüße'
    }

    It 'writes with Set-Content in one upload: ''hello'' | Set-Content Dropbox:/x.txt, then Get-DropboxContent returns hello' {
        'hello' | Set-Content Dropbox:/x.txt
        Get-DropboxContent /x.txt | Should -BeExactly 'hello'
        'again' | Set-Content Dropbox:/x.txt
        Get-DropboxContent /x.txt | Should -BeExactly 'again'
        Get-RequestCount 'files/upload' -AtLeast 2 | Should -Be 2
        Set-Content Dropbox:/x.txt -Value 'a', 'b' -NoNewline
        Get-DropboxContent /x.txt -Raw | Should -BeExactly 'ab'
    }

    It 'appends with Add-Content' {
        'one' | Set-Content Dropbox:/log.txt
        'two', 'three' | Add-Content Dropbox:/log.txt
        Get-Content Dropbox:/log.txt | Should -Be @('one', 'two', 'three')
        'first' | Add-Content Dropbox:/new-log.txt
        Get-Content Dropbox:/new-log.txt | Should -Be @('first')
    }

    It 'does not lose a change made while Add-Content was appending: the upload replaces only the revision it read' {
        'start' | Set-Content Dropbox:/race.txt
        & {
            'mine'
            Set-DropboxContent /race.txt -Value 'theirs' -Mode Overwrite
            'also mine'
        } | Add-Content Dropbox:/race.txt -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'PSDropbox.Conflict,*'
        $failed[0].TargetObject | Should -BeExactly '/race.txt'
        Get-DropboxContent /race.txt | Should -BeExactly 'theirs'
        (Get-DropboxChildItem / -Filter 'race*').Name | Should -Be @('race.txt')
    }

    It 'empties a file with Clear-Content' {
        'full' | Set-Content Dropbox:/clear.txt
        Clear-Content Dropbox:/clear.txt
        (Get-Item Dropbox:/clear.txt).Length | Should -Be 0
    }

    It 'refuses to read a folder, with the cmdlets'' error id' {
        Get-Content Dropbox:/Documents -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'PSDropbox.NotAFile,*'
    }
}

Describe 'Tab completion in the drive' {
    AfterEach { Set-Location $TestDrive }

    It 'completes Dropbox:/Doc to the Documents folder' {
        (Complete 'Get-ChildItem Dropbox:/Doc').CompletionText | Should -Be @('Dropbox:/Documents')
    }

    It 'completes a name relative to the location in the drive, and /Doc for the module''s cmdlets' {
        Set-Location Dropbox:/
        (Complete 'Get-ChildItem Doc').CompletionText | Should -Be @('./Documents')
        (Complete 'Get-DropboxChildItem /Doc').CompletionText | Should -Be @('/Documents/')
    }
}

Describe 'Dropbox: paths in the module''s cmdlets' {
    It 'is needed because PowerShell copies between providers with neither Copy-Item nor Move-Item' {
        $local = Join-Path $TestDrive 'not-copied.txt'
        { Copy-Item Dropbox:/a.txt $local -ErrorAction Stop } | Should -Throw -ErrorId 'CopyItemSourceAndDestinationNotSameProvider,*'
        Test-Path $local | Should -BeFalse
    }


    It 'sends to and receives from a Dropbox: path' {
        $local = Join-Path $TestDrive 'sent.txt'
        [System.IO.File]::WriteAllText($local, 'sent')
        Send-DropboxFile $local -Destination Dropbox:/Inbox/ | Out-Null
        Get-DropboxContent /Inbox/sent.txt | Should -BeExactly 'sent'
        $back = Join-Path $TestDrive 'back'
        New-Item -ItemType Directory $back | Out-Null
        Receive-DropboxFile Dropbox:\Inbox\sent.txt -Destination $back | Out-Null
        Get-Content (Join-Path $back 'sent.txt') | Should -BeExactly 'sent'
        (Get-DropboxItem Dropbox:/Documents).Path | Should -BeExactly '/Documents'
    }
}

Describe 'More drives with New-PSDrive' {
    AfterEach {
        Set-Location $TestDrive
        Get-PSDrive -PSProvider Dropbox | Where-Object Name -NE 'Dropbox' | Remove-PSDrive
    }

    It 'mounts a folder as the root of a drive' {
        New-PSDrive -Name Docs -PSProvider Dropbox -Root /Documents | Out-Null
        (Get-ChildItem Docs:/ -File).Name | Should -Be @('big.txt', 'small.txt')
        Set-Location Docs:/Sub
        (Get-Location).Path | Should -BeExactly 'Docs:/Sub'
        (Get-Item deep.txt).Path | Should -BeExactly 'Docs:/Sub/deep.txt'
        Set-Location ..
        Set-Location ..
        (Get-Location).Path | Should -BeExactly 'Docs:/'
    }

    It 'takes -Connection, and is removed when Disconnect-Dropbox closes that connection' {
        $other = Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint $Emulator.BaseUrl -PassThru
        New-PSDrive -Name Other -PSProvider Dropbox -Root / -Connection $other | Out-Null
        (Get-PSDrive Other).Connection | Should -Be $other
        (Get-ChildItem Other:/ -Name) | Should -Contain 'notes.txt'
        Disconnect-Dropbox -Connection $other
        Get-PSDrive Other -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        # It was the current connection too: the Dropbox: drive went with it.
        Get-PSDrive Dropbox -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Connect-TestDropbox
        Get-PSDrive Dropbox | Should -Not -BeNullOrEmpty
    }

    It 'refuses a root that is missing or a file' {
        New-PSDrive -Name Nope -PSProvider Dropbox -Root /nope -ErrorVariable failed -ErrorAction SilentlyContinue | Out-Null
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'PSDropbox.PathNotFound*'
        New-PSDrive -Name File -PSProvider Dropbox -Root /notes.txt -ErrorVariable failed -ErrorAction SilentlyContinue | Out-Null
        $failed | Should -Not -BeNullOrEmpty
        Get-PSDrive Nope, File -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Stopping a command in the drive' {
    BeforeAll {
        # Every request to this emulator takes 4 s: a stop must not wait for the answer.
        $slowEmulator = Start-DropboxEmulator -AccessToken $Emulator.AccessToken -Latency 4000
        $slow = Connect-Dropbox -AccessToken $slowEmulator.AccessToken -ApiEndpoint $slowEmulator.BaseUrl -PassThru
        Connect-TestDropbox
        $module = Join-Path $RepoRoot 'out/PSDropbox/PSDropbox.psd1'
    }
    AfterAll {
        Disconnect-Dropbox -Connection $slow
        Stop-DropboxEmulator -Id $slowEmulator.ProcessId
    }

    It 'stops <Command> promptly while Dropbox has not answered (Ctrl+C)' -ForEach @(
        @{ Command = 'Get-ChildItem Slow:/' }
        @{ Command = 'Get-Content Slow:/anything.txt' }
    ) {
        $state = [hashtable]::Synchronized(@{})
        $shell = [powershell]::Create().AddScript({
                param($Module, $Connection, $State, $Command)
                Import-Module $Module
                New-PSDrive Slow -PSProvider Dropbox -Root / -Connection $Connection | Out-Null
                $State.Ready = $true
                Invoke-Expression $Command
            }).AddArgument($module).AddArgument($slow).AddArgument($state).AddArgument($Command)
        try {
            $null = $shell.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not $state.Ready -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            Start-Sleep -Milliseconds 500
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $shell.Dispose() }
    }
}

Describe 'Disconnect-Dropbox and the drive' {
    It 'removes the Dropbox: drive, and Connect-Dropbox mounts it again' {
        Disconnect-Dropbox
        Get-PSDrive Dropbox -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        { Get-ChildItem Dropbox:/ -ErrorAction Stop } | Should -Throw -ExceptionType ([System.Management.Automation.DriveNotFoundException])
        Connect-TestDropbox
        (Get-ChildItem Dropbox:/ -Name) | Should -Contain 'notes.txt'
    }
}
