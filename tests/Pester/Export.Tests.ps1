BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    # /X/notes.txt (a plain file) and /X/Plan.gdoc, /X/Sub/Sheet.gsheet: files Dropbox only exports (is_downloadable false)
    $source = Join-Path $TestDrive 'x'
    [System.IO.Directory]::CreateDirectory($source) | Out-Null
    [System.IO.File]::WriteAllText((Join-Path $source 'notes.txt'), 'plain notes')
    Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $source; path = '/X' } | Out-Null
    Invoke-EmulatorAdmin -Method POST -Path export_only -Body @{ path = '/X/Plan.gdoc'; exports = @{ docx = 'plan as docx'; pdf = 'plan as pdf' }; export_as = 'docx' } | Out-Null
    Invoke-EmulatorAdmin -Method POST -Path export_only -Body @{ path = '/X/Sub/Sheet.gsheet'; exports = @{ xlsx = 'sheet as xlsx' } } | Out-Null

    function New-TargetFolder {
        $folder = Join-Path $TestDrive ([guid]::NewGuid())
        [System.IO.Directory]::CreateDirectory($folder).FullName
    }
}

Describe 'Files that can only be exported' {
    It 'Get-DropboxItem shows that a file cannot be downloaded and what it exports to' {
        $file = Get-DropboxItem /X/Plan.gdoc
        $file.IsDownloadable | Should -BeFalse
        $file.ExportAs | Should -BeExactly 'docx'
        $file.ExportOptions | Should -Contain 'pdf'
        (Get-DropboxItem /X/notes.txt).ExportAs | Should -BeNullOrEmpty
    }

    It 'Receive-DropboxFile -Recurse exports them in their default format with a warning, and downloads the rest' {
        $target = New-TargetFolder
        $got = Receive-DropboxFile /X $target -Recurse -PassThru -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction Stop
        $got | Should -HaveCount 3
        Get-Content -Raw (Join-Path $target 'X/notes.txt') | Should -BeExactly 'plain notes'
        Get-Content -Raw (Join-Path $target 'X/Plan.docx') | Should -BeExactly 'plan as docx'
        Get-Content -Raw (Join-Path $target 'X/Sub/Sheet.xlsx') | Should -BeExactly 'sheet as xlsx'
        Test-Path (Join-Path $target 'X/Plan.gdoc') | Should -BeFalse
        ($got | Where-Object Name -EQ 'Plan.gdoc').LocalPath | Should -Be (Join-Path $target 'X/Plan.docx')
        $warned | Should -HaveCount 2
        "$($warned | Where-Object { "$_" -match 'Plan' })" | Should -Match "'/X/Plan.gdoc' cannot be downloaded as it is; it is exported as docx to 'Plan.docx'.*-ExportFormat.*docx, pdf"
    }

    It '-ExportFormat exports in that format and says so on the verbose stream, without a warning' {
        $target = New-TargetFolder
        $verbose = Receive-DropboxFile /X/Plan.gdoc $target -ExportFormat pdf -Verbose -WarningVariable warned 4>&1
        Get-Content -Raw (Join-Path $target 'Plan.pdf') | Should -BeExactly 'plan as pdf'
        $warned | Should -BeNullOrEmpty
        "$verbose" | Should -Match "exported as pdf to 'Plan.pdf'"
    }

    It 'a format the file does not have is an InvalidExportFormat error and leaves no file behind' {
        $target = New-TargetFolder
        $record = { Receive-DropboxFile /X/Plan.gdoc $target -ExportFormat xlsx -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.InvalidExportFormat,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.TargetObject | Should -Be '/X/Plan.gdoc'
        Get-ChildItem $target -Force | Should -BeNullOrEmpty
    }

    It 'a single file saved to a file path keeps the name given' {
        $target = Join-Path (New-TargetFolder) 'mine.bin'
        Receive-DropboxFile /X/Plan.gdoc $target -WarningAction SilentlyContinue
        Get-Content -Raw $target | Should -BeExactly 'plan as docx'
    }

    It 'exports nothing with -WhatIf' {
        $target = New-TargetFolder
        Receive-DropboxFile /X/Plan.gdoc $target -WhatIf -WarningAction SilentlyContinue
        Get-ChildItem $target -Force | Should -BeNullOrEmpty
    }

    It 'Get-DropboxContent of such a file says that Receive-DropboxFile exports it' {
        $record = { Get-DropboxContent /X/Plan.gdoc -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.UnsupportedFile,*' -PassThru
        "$record" | Should -Match 'Receive-DropboxFile exports it \(-ExportFormat'
    }
}
