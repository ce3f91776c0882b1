BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox
    New-DropboxFolder /Content | Out-Null

    function Get-SpoolFileCount { @([System.IO.Directory]::GetFiles([System.IO.Path]::GetTempPath(), 'psdropbox-*.spool')).Count }

    # The emulator logs a request just after it has answered it: wait until $Count requests of $Route show.
    function Wait-LoggedRequests([string]$Route, [int]$Count) {
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        do {
            $logged = @(Get-LoggedRequests $Route)
            if ($logged.Count -ge $Count) { return $logged }
            [System.Threading.Thread]::Sleep(50)
        } while ([DateTime]::UtcNow -lt $deadline)
        $logged
    }
}

Describe 'Set-DropboxContent and Get-DropboxContent' {
    It 'writes a piped string and reads it back' {
        'hello' | Set-DropboxContent /Content/hello.txt
        Get-DropboxContent /Content/hello.txt | Should -BeExactly 'hello'
        (Get-DropboxItem /Content/hello.txt).Length | Should -Be (5 + [Environment]::NewLine.Length)
    }

    It 'writes each value as a line and reads the file line by line, or whole with -Raw' {
        $nl = [Environment]::NewLine
        1..5 | Set-DropboxContent /Content/lines.txt
        $lines = Get-DropboxContent /Content/lines.txt
        $lines | Should -Be @('1', '2', '3', '4', '5')
        $lines[0] | Should -BeOfType ([string])
        Get-DropboxContent /Content/lines.txt -Raw | Should -BeExactly "1${nl}2${nl}3${nl}4${nl}5${nl}"
    }

    It 'stops after -TotalCount lines (alias -First)' {
        Get-DropboxContent /Content/lines.txt -TotalCount 2 | Should -Be @('1', '2')
        Get-DropboxContent /Content/lines.txt -First 1 | Should -Be @('1')
        Get-DropboxContent /Content/lines.txt -TotalCount 0 | Should -BeNullOrEmpty
    }

    It 'joins values with nothing in between with -NoNewline, from -Value' {
        Set-DropboxContent /Content/joined.txt -Value 'a', 'b', 'c' -NoNewline
        Get-DropboxContent /Content/joined.txt -Raw | Should -BeExactly 'abc'
    }

    It 'writes and reads -Encoding unicode, with its byte order mark' {
        'Grüße' | Set-DropboxContent /Content/utf16.txt -Encoding unicode
        $bytes = Get-DropboxContent /Content/utf16.txt -AsByteStream -Raw
        $bytes[0..1] | Should -Be @(0xFF, 0xFE)
        Get-DropboxContent /Content/utf16.txt | Should -BeExactly 'Grüße'
        Get-DropboxContent /Content/utf16.txt -Encoding unicode | Should -BeExactly 'Grüße'
    }

    It 'writes UTF-8 without a byte order mark by default, and reads latin1 when told' {
        'é' | Set-DropboxContent /Content/utf8.txt -NoNewline
        Get-DropboxContent /Content/utf8.txt -AsByteStream | Should -Be @(0xC3, 0xA9)
        Set-DropboxContent /Content/latin1.txt -Value ([byte[]]@(0xE9))
        Get-DropboxContent /Content/latin1.txt -Encoding latin1 | Should -BeExactly 'é'
    }

    It 'refuses an encoding it does not know, naming the ones it does' {
        { Get-DropboxContent /Content/utf8.txt -Encoding klingon -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,PSDropbox.Commands.GetDropboxContentCommand' -ExpectedMessage '*utf8*'
    }

    It 'writes piped bytes as they are and reads them back as bytes' {
        $bytes = [byte[]](0..255)
        , $bytes | Set-DropboxContent /Content/all.bin
        $back = Get-DropboxContent /Content/all.bin -AsByteStream -Raw
        $back | Should -BeOfType ([byte])
        $back.GetType() | Should -Be ([byte[]])
        [System.Convert]::ToBase64String($back) | Should -BeExactly ([System.Convert]::ToBase64String($bytes))
        Get-DropboxContent /Content/all.bin -AsByteStream -TotalCount 3 | Should -Be @(0, 1, 2)
    }

    It 'refuses strings with -AsByteStream as a per-value error' {
        'text' | Set-DropboxContent /Content/bytes-only.bin -AsByteStream -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Match '^PSDropbox.InvalidArgument'
    }

    It 'follows the -Mode and -Rev rules of Send-DropboxFile' {
        $first = 'one' | Set-DropboxContent /Content/mode.txt -PassThru
        $first | Should -BeOfType ([PSDropbox.DropboxFile])

        { 'two' | Set-DropboxContent /Content/mode.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.Conflict,PSDropbox.Commands.SetDropboxContentCommand'
        { 'two' | Set-DropboxContent /Content/mode.txt -Mode Update -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.InvalidArgument,PSDropbox.Commands.SetDropboxContentCommand'

        $second = 'two' | Set-DropboxContent /Content/mode.txt -Rev $first.Rev -PassThru
        { 'three' | Set-DropboxContent /Content/mode.txt -Rev $first.Rev -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.Conflict,PSDropbox.Commands.SetDropboxContentCommand'
        'three' | Set-DropboxContent /Content/mode.txt -Mode Overwrite
        Get-DropboxContent /Content/mode.txt | Should -BeExactly 'three'
        (Get-DropboxRevision /Content/mode.txt).Rev | Should -Contain $second.Rev

        ('four' | Set-DropboxContent /Content/mode.txt -Autorename -PassThru).Name | Should -BeExactly 'mode (1).txt'
    }

    It 'writes nothing with -WhatIf' {
        'x' | Set-DropboxContent /Content/whatif.txt -WhatIf
        { Get-DropboxItem /Content/whatif.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,PSDropbox.Commands.GetDropboxItemCommand'
    }

    It 'streams content larger than one upload request through an upload session, and leaves no temporary file' {
        $spools = Get-SpoolFileCount
        $line = 'x' * 1023
        $file = 1..20480 | ForEach-Object { $line } | Set-DropboxContent /Content/big.txt -PassThru
        $file.Length | Should -Be (20480 * (1023 + [Environment]::NewLine.Length))
        Wait-LoggedRequests files/upload_session/finish 1 | Should -HaveCount 1
        $count = 0
        Get-DropboxContent /Content/big.txt | ForEach-Object { if ($_ -ne $line) { throw "line $count differs" }; $count++ }
        $count | Should -Be 20480
        Get-SpoolFileCount | Should -Be $spools
    }

    It 'reads the files piped from Get-DropboxChildItem' {
        'α' | Set-DropboxContent /Content/Piped/a.txt
        'β' | Set-DropboxContent /Content/Piped/b.txt
        Get-DropboxChildItem /Content/Piped | Get-DropboxContent | Should -Be @('α', 'β')
    }

    It 'reads an older revision with -Rev' {
        $old = 'old' | Set-DropboxContent /Content/rev.txt -PassThru
        'new' | Set-DropboxContent /Content/rev.txt -Mode Overwrite
        Get-DropboxContent /Content/rev.txt -Rev $old.Rev | Should -BeExactly 'old'
    }

    It 'reports a missing file and a folder, and goes on with the next path' {
        $lines = Get-DropboxContent /Content/missing.txt, /Content, /Content/hello.txt -ErrorVariable failures -ErrorAction SilentlyContinue
        $lines | Should -BeExactly 'hello'
        $failures | Should -HaveCount 2
        $failures[0].FullyQualifiedErrorId | Should -Match '^PSDropbox.PathNotFound'
        $failures[1].FullyQualifiedErrorId | Should -Match '^PSDropbox.NotAFile'
    }
}

Describe 'Get-DropboxContent when the connection breaks inside the body' {
    AfterEach { Invoke-EmulatorAdmin -Method DELETE -Path faults | Out-Null }

    It 'goes on from the byte it had with a Range request for the same revision' {
        $local = New-TestFile -Path (Join-Path $TestDrive 'cut.bin') -Size 3MB -Seed 7
        Send-DropboxFile $local.FullName /Content/cut.bin
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        Invoke-EmulatorAdmin -Method POST -Path faults -Body @{ spec = 'cut=1,cutside=response,count=1,routes=files/download'; seed = 3 } | Out-Null

        $bytes = Get-DropboxContent /Content/cut.bin -AsByteStream -Raw
        [System.Convert]::ToBase64String([System.Security.Cryptography.SHA256]::HashData($bytes)) |
            Should -BeExactly ([System.Convert]::ToBase64String([System.Security.Cryptography.SHA256]::HashData([System.IO.File]::ReadAllBytes($local.FullName))))
        $downloads = Wait-LoggedRequests files/download 2
        $downloads.Count | Should -Be 2
        $downloads[1].range | Should -Match '^bytes=[1-9][0-9]*-$'
    }
}
