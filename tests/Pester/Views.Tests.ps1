# The module's objects through the cmdlets only real PowerShell has: the views of PSDropbox.format.ps1xml
# (Format-Table, Format-List, Out-String), Select/Sort/Group/Measure/Compare-Object, Export-Csv, ConvertTo-Json, and
# local Get-ChildItem piped into Send-DropboxFile.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    # /V/a.txt (5 bytes), /V/b.csv (300), /V/c.csv (20), /V/Sub/d.txt (1000), /V/Sub/Deeper/ (a folder)
    $source = Join-Path $TestDrive 'v'
    $script:Sizes = [ordered]@{ 'a.txt' = 5; 'b.csv' = 300; 'c.csv' = 20; 'Sub/d.txt' = 1000 }
    foreach ($name in $Sizes.Keys) { New-TestFile -Path (Join-Path $source $name) -Size $Sizes[$name] -Seed $Sizes[$name] | Out-Null }
    New-Item -ItemType Directory -Path (Join-Path $source 'Sub/Deeper') | Out-Null
    Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $source; path = '/V' } | Out-Null
    $script:Source = $source

    # Text as the console would show it, without colours (PS 7.6 puts ANSI escapes into table headers).
    function Show([Parameter(ValueFromPipeline)]$InputObject, [int]$Width = 160) {
        end { ($input | Out-String -Width $Width) -replace '\x1b\[[0-9;]*m', '' }
    }
}

Describe 'Default views' {
    It 'lists a folder like Get-ChildItem does: grouped by folder, with Mode, LastWriteTime, Length and Name' {
        $text = Get-DropboxChildItem /V | Show
        $text | Should -Match '(?m)^\s+Folder: /V\s*$'
        $text | Should -Match '(?m)^Mode\s+LastWriteTime\s+Length Name\s*$'
        $text | Should -Match '(?m)^d----\s+Sub\s*$'
        $text | Should -Match '(?m)^-a---\s+\S+\s+\S+\s+300 b\.csv\s*$'
        $text | Should -Match '(?m)^-a---\s+\S+\s+\S+\s+5 a\.txt\s*$'
    }

    It 'starts a new group for each folder of a -Recurse listing' {
        $text = Get-DropboxChildItem /V -Recurse | Show
        ([regex]::Matches($text, '(?m)^\s+Folder: (\S+)\s*$') | ForEach-Object { $_.Groups[1].Value }) |
            Should -Be '/V', '/V/Sub'
        $text | Should -Match '(?m)^d----\s+Deeper\s*$'
    }

    It 'shows every property of a file with Format-List, and the folder of each item in ParentPath' {
        $text = Get-DropboxItem /V/Sub/d.txt | Format-List * | Show
        foreach ($property in 'Id', 'Rev', 'ContentHash', 'Length', 'LastWriteTime', 'Name', 'Path', 'ParentPath') {
            $text | Should -Match "(?m)^$property\s+:"
        }
        $text | Should -Match '(?m)^Path\s+: /V/Sub/d\.txt\s*$'
        $text | Should -Match '(?m)^ParentPath\s+: /V/Sub\s*$'
        $text | Should -Match "(?m)^ContentHash\s+: $(Get-ContentHash (Join-Path $Source 'Sub/d.txt'))\s*$"
    }

    It 'shows the account as a list: name, email, id, type, country and the space in use' {
        $text = Get-DropboxAccount | Show
        foreach ($label in 'DisplayName', 'Email', 'AccountId', 'AccountType', 'Country', 'Used', 'Allocated', 'PercentUsed') {
            $text | Should -Match "(?m)^$label\s+:"
        }
        $text | Should -Match '(?m)^Email\s+: user@emulator\.local\s*$'
    }

    It 'shows a connection without its token' {
        $text = Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint $Emulator.BaseUrl -PassThru | Show
        $text | Should -Match '(?m)^DisplayName\s+Email\s+ActingAs\s+PathRoot\s+Endpoint\s+AuthenticationType\s*$'
        $text | Should -Match ([regex]::Escape($Emulator.BaseUrl))
        $text | Should -Not -Match ([regex]::Escape($Emulator.AccessToken))
        Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint $Emulator.BaseUrl -PassThru | Format-List * | Show |
            Should -Not -Match ([regex]::Escape($Emulator.AccessToken))
    }

    It 'shows revisions grouped by file: Rev, ServerModified, Length, ContentHash' {
        Send-DropboxFile -LiteralPath (Join-Path $Source 'a.txt') -Destination /Revisions/r.txt | Out-Null
        Send-DropboxFile -LiteralPath (Join-Path $Source 'c.csv') -Destination /Revisions/r.txt -Mode Overwrite | Out-Null
        $text = Get-DropboxRevision /Revisions/r.txt | Show
        $text | Should -Match '(?m)^\s+File: /Revisions/r\.txt\s*$'
        $text | Should -Match '(?m)^Rev\s+ServerModified\s+Length ContentHash\s*$'
        $text | Should -Match "(?m)^[0-9a-f]+\s+\S+\s+\S+\s+20 $(Get-ContentHash (Join-Path $Source 'c.csv'))\s*$"
        ([regex]::Matches($text, '(?m)^[0-9a-f]{9,}\s')).Count | Should -Be 2
    }

    It 'shows changes as ChangeType, Length, Baseline, Path' {
        $text = Get-DropboxChange /V/Sub | Show
        $text | Should -Match '(?m)^ChangeType\s+Length Baseline Path\s*$'
        $text | Should -Match '(?m)^FileAddedOrModified\s+1000 True\s+/V/Sub/d\.txt\s*$'
        $text | Should -Match '(?m)^FolderAddedOrModified\s+True\s+/V/Sub/Deeper\s*$'
    }

    It 'shows links as Name, (Visibility,) Expires, Url' {
        $temporary = Get-DropboxTemporaryLink /V/b.csv | Show
        $temporary | Should -Match '(?m)^Name\s+Expires\s+Url\s*$'
        $temporary | Should -Match '(?m)^b\.csv\s+\S+ \S+\s+http://127\.0\.0\.1:\d+/\S+b\.csv\s*$'
        $shared = New-DropboxSharedLink /V/b.csv | Show
        $shared | Should -Match '(?m)^Name\s+Visibility\s+Expires\s+Url\s*$'
        $shared | Should -Match '(?m)^b\.csv\s+public\s+http://\S+\s*$'
    }

    It 'keeps the Name column in a narrow console (Out-String -Width 60)' {
        $text = Get-DropboxChildItem /V | Show -Width 60
        $text | Should -Match '(?m)^-a---.*\b20 c\.csv\s*$'
        ($text -split '\r?\n' | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 60
    }
}

Describe 'The standard pipeline cmdlets' {
    It 'Select-Object picks typed properties, Sort-Object sorts Length as a number' {
        $sorted = Get-DropboxChildItem /V -Recurse -Filter *.* | Where-Object Length -GT 0 | Sort-Object Length -Descending | Select-Object Name, Length
        $sorted.Name | Should -Be 'd.txt', 'b.csv', 'c.csv', 'a.txt'
        $sorted[0].Length | Should -BeOfType [long]
        $sorted | ForEach-Object Length | Should -Be 1000, 300, 20, 5
    }

    It 'Group-Object counts files by extension; Measure-Object sums their sizes' {
        $files = Get-DropboxChildItem /V -Recurse | Where-Object Mode -EQ '-a---'
        $groups = $files | Group-Object { [System.IO.Path]::GetExtension($_.Name) } | Sort-Object Name
        $groups.Name | Should -Be '.csv', '.txt'
        $groups | ForEach-Object Count | Should -Be 2, 2
        ($files | Measure-Object -Property Length -Sum).Sum | Should -Be (($Sizes.Values | Measure-Object -Sum).Sum)
    }

    It 'Compare-Object finds no difference between the local folder and the listing' {
        $local = Get-ChildItem -LiteralPath $Source -File -Recurse | ForEach-Object { '{0} {1}' -f $_.Name, $_.Length }
        $remote = Get-DropboxChildItem /V -Recurse | Where-Object Mode -EQ '-a---' | ForEach-Object { '{0} {1}' -f $_.Name, $_.Length }
        Compare-Object $local $remote | Should -BeNullOrEmpty
    }

    It 'Export-Csv writes one row per item that Import-Csv reads back' {
        $csv = Join-Path $TestDrive 'listing.csv'
        Get-DropboxChildItem /V -Recurse | Select-Object Path, Length, ContentHash | Export-Csv -LiteralPath $csv
        $rows = Import-Csv -LiteralPath $csv
        $rows | Should -HaveCount 6
        $row = $rows | Where-Object Path -EQ '/V/Sub/d.txt'
        $row.Length | Should -Be '1000'
        $row.ContentHash | Should -Be (Get-ContentHash (Join-Path $Source 'Sub/d.txt'))
        ($rows | Where-Object Path -EQ '/V/Sub/Deeper').Length | Should -BeNullOrEmpty
    }

    It 'ConvertTo-Json gives the item''s data with ISO dates, and ConvertFrom-Json reads it back' {
        $item = Get-DropboxItem /V/b.csv
        $json = $item | ConvertTo-Json -Compress
        $json | Should -Match '"ServerModified":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"'
        $back = $json | ConvertFrom-Json
        $back.Path | Should -Be '/V/b.csv'
        $back.Length | Should -Be 300
        $back.ContentHash | Should -Be $item.ContentHash
        $back.Id | Should -Be $item.Id
    }

    It 'ConvertTo-Json of the account and the connection carries no token' {
        $account = Get-DropboxAccount | ConvertTo-Json -Depth 5
        $connection = Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint $Emulator.BaseUrl -PassThru | ConvertTo-Json -Depth 5 -WarningAction Ignore
        $account | Should -Match 'user@emulator\.local'
        $account | Should -Not -Match ([regex]::Escape($Emulator.AccessToken))
        $connection | Should -Not -Match ([regex]::Escape($Emulator.AccessToken))
    }
}

Describe 'Local files from Get-ChildItem' {
    It 'Get-ChildItem -File | Send-DropboxFile uploads every file, each verified by its content hash' {
        $up = Join-Path $TestDrive 'up'
        $files = 1..4 | ForEach-Object { New-TestFile -Path (Join-Path $up "report $_.log") -Size (1000 * $_) -Seed $_ }
        New-Item -ItemType Directory -Path (Join-Path $up 'not-a-file') | Out-Null
        Get-ChildItem -LiteralPath $up -File | Send-DropboxFile -Destination /Up/
        $remote = Get-DropboxChildItem /Up | Sort-Object Name
        $remote.Name | Should -Be ($files.Name | Sort-Object)
        foreach ($file in $files) {
            ($remote | Where-Object Name -EQ $file.Name).ContentHash | Should -Be (Get-ContentHash $file.FullName)
        }
    }

    It 'Get-ChildItem with a wildcard from the current location, and Receive-DropboxFile into a TestDrive: path' {
        Push-Location (Join-Path $TestDrive 'up')
        try { Get-ChildItem *.log -File | Where-Object Length -LT 2500 | Send-DropboxFile -Destination /Wild/ }
        finally { Pop-Location }
        (Get-DropboxChildItem /Wild).Name | Sort-Object | Should -Be 'report 1.log', 'report 2.log'
        New-Item -ItemType Directory -Path 'TestDrive:/back' | Out-Null
        Get-DropboxChildItem /Wild | Receive-DropboxFile -Destination 'TestDrive:/back'
        (Get-ChildItem 'TestDrive:/back').Name | Sort-Object | Should -Be 'report 1.log', 'report 2.log'
        Get-ContentHash 'TestDrive:/back/report 2.log' | Should -Be (Get-ContentHash 'TestDrive:/up/report 2.log')
    }
}
