BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    function Set-TestFaults([string]$Spec, [int]$Seed = 1) {
        Invoke-EmulatorAdmin -Method POST -Path faults -Body @{ spec = $Spec; seed = $Seed } | Out-Null
    }
    function Clear-RequestLog { Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null }

    # A tree of $Folders folders with $PerFolder small files each (sizes 0..~3 KB), plus an empty folder.
    function New-TestTree([string]$Name, [int]$Folders, [int]$PerFolder) {
        $root = Join-Path $TestDrive $Name
        foreach ($d in 1..$Folders) {
            $dir = [System.IO.Directory]::CreateDirectory((Join-Path $root "d$d")).FullName
            foreach ($i in 1..$PerFolder) {
                [System.IO.File]::WriteAllText((Join-Path $dir "f$i.txt"), "$Name $d $i " + ('x' * (($d * 37 + $i * 11) % 3000)))
            }
        }
        $null = [System.IO.Directory]::CreateDirectory((Join-Path $root 'empty'))
        $root
    }

    # Remote path (below $Remote) -> content hash, for every file below it.
    function Get-RemoteTree([string]$Remote) {
        $tree = @{}
        foreach ($item in Get-DropboxChildItem $Remote -Recurse) {
            $key = $item.Path.Substring($Remote.Length)
            $tree[$key] = if ($item -is [PSDropbox.DropboxFile]) { $item.ContentHash } else { 'folder' }
        }
        $tree
    }

    # Relative path ('/d1/f1.txt') -> content hash, for every file and folder below a local folder.
    function Get-LocalTree([string]$Root, [string]$Prefix = '') {
        $tree = @{}
        if ($Prefix) { $tree[$Prefix] = 'folder' }
        foreach ($item in Get-ChildItem $Root -Recurse) {
            $key = $Prefix + '/' + [System.IO.Path]::GetRelativePath($Root, $item.FullName).Replace('\', '/')
            $tree[$key] = if ($item -is [System.IO.FileInfo]) { Get-ContentHash $item.FullName } else { 'folder' }
        }
        $tree
    }

    function Compare-Trees($Expected, $Actual) {
        (@($Actual.Keys | Sort-Object) -join "`n") | Should -Be (@($Expected.Keys | Sort-Object) -join "`n")
        foreach ($key in $Expected.Keys) { $Actual[$key] | Should -Be $Expected[$key] -Because $key }
    }
}

AfterAll {
    Invoke-EmulatorAdmin -Method DELETE -Path faults | Out-Null
}

Describe 'Send-DropboxFile -Recurse with many files' {
    BeforeAll {
        $script:tree = New-TestTree 'Projects' 10 25
        $script:expected = Get-LocalTree $tree '/Projects'
    }

    It 'uploads 250 files in parallel, commits them in batches, and every file has its local content hash' {
        Clear-RequestLog
        $out = Send-DropboxFile $tree /many -Recurse -PassThru
        $out | Should -HaveCount 250
        foreach ($file in $out) {
            $file | Should -BeOfType ([PSDropbox.DropboxFile])
            $file.ContentHash | Should -BeExactly (Get-ContentHash $file.LocalPath) -Because $file.LocalPath
            $file.Skipped | Should -BeFalse
        }
        Compare-Trees $expected (Get-RemoteTree /many)
        (Get-LoggedRequests files/upload_session/append_v2) | Should -HaveCount 250
        (Get-LoggedRequests files/upload) | Should -HaveCount 0
        $batches = Get-LoggedRequests files/upload_session/finish_batch_v2
        $batches.Count | Should -BeGreaterThan 0
        $batches.Count | Should -BeLessThan 250
    }

    It 'lands a folder given as source at Destination/<name> on every run: the second run leaves the same tree' {
        Send-DropboxFile $tree /twice -Recurse
        $first = Get-RemoteTree /twice
        Send-DropboxFile $tree /twice -Recurse
        Compare-Trees $first (Get-RemoteTree /twice)
        Compare-Trees $expected $first
    }

    It 'sends a folder''s contents when given as a wildcard' {
        Send-DropboxFile (Join-Path $tree '*') /contents -Recurse
        Compare-Trees (Get-LocalTree $tree) (Get-RemoteTree /contents)
    }

    It 'with -SkipIdentical sends no upload request on a second run and reports every file as skipped' {
        Send-DropboxFile $tree /skip -Recurse
        Clear-RequestLog
        $out = Send-DropboxFile $tree /skip -Recurse -SkipIdentical -PassThru
        $out | Should -HaveCount 250
        @($out | Where-Object Skipped) | Should -HaveCount 250
        $uploads = @(Invoke-EmulatorAdmin -Path requests | Where-Object { $_.route -like 'files/upload*' })
        $uploads | Should -HaveCount 0
        (Get-LoggedRequests files/list_folder) | Should -HaveCount 1
    }

    It 'with -SkipIdentical sends only the file that changed' {
        Send-DropboxFile $tree /changed -Recurse
        $changed = Join-Path $tree 'd3/f7.txt'
        [System.IO.File]::AppendAllText($changed, 'more')
        try {
            $out = Send-DropboxFile $tree /changed -Recurse -SkipIdentical -PassThru -Mode Overwrite
            @($out | Where-Object { -not $_.Skipped }).LocalPath | Should -Be $changed
            (Get-DropboxItem /changed/Projects/d3/f7.txt).ContentHash | Should -Be (Get-ContentHash $changed)
        }
        finally { Set-Content -LiteralPath $changed -Value $null -NoNewline; [System.IO.File]::WriteAllText($changed, "Projects 3 7 " + ('x' * ((3 * 37 + 7 * 11) % 3000))) }
    }

    It 'under 503s, 429s, cut connections and batch write contention loses, duplicates and renames nothing' {
        Set-TestFaults '503=0.05,429=0.05,retryafter=0.5,after=1,cut=0.08,429write=0.03,batchwrite=0.2' -Seed 11
        try {
            Clear-RequestLog
            $out = Send-DropboxFile $tree /faulty -Recurse -PassThru -Autorename -ErrorVariable failures
        }
        finally { Invoke-EmulatorAdmin -Method DELETE -Path faults | Out-Null }
        $failures | Should -HaveCount 0
        $out | Should -HaveCount 250
        $injected = @(Invoke-EmulatorAdmin -Path requests | Where-Object { $null -ne $_.PSObject.Properties['fault'] })
        $injected.Count | Should -BeGreaterThan 10
        @($injected | Where-Object fault -Match '^batchwrite') | Should -Not -BeNullOrEmpty
        $remote = Get-RemoteTree /faulty
        Compare-Trees $expected $remote
        @($remote.Keys | Where-Object { $_ -match '\(\d+\)' }) | Should -HaveCount 0
    }

    It 'sends a file larger than one chunk beside small ones through its own upload session' {
        $mixed = Join-Path $TestDrive 'Mixed'
        $null = New-TestFile (Join-Path $mixed 'big.bin') -Size (9MB + 5) -Seed 4
        1..20 | ForEach-Object { $null = New-TestFile (Join-Path $mixed "s$_.bin") -Size (100 * $_) -Seed $_ }
        Clear-RequestLog
        $out = Send-DropboxFile $mixed /mixed -Recurse -ChunkSize 4MB -PassThru
        $out | Should -HaveCount 21
        ($out | Where-Object Name -EQ 'big.bin').ContentHash | Should -Be (Get-ContentHash (Join-Path $mixed 'big.bin'))
        (Get-LoggedRequests files/upload_session/finish) | Should -HaveCount 1
        Compare-Trees (Get-LocalTree $mixed '/Mixed') (Get-RemoteTree /mixed)
    }
}

Describe 'Send-DropboxFile -Recurse -Resume' {
    It 'continues the interrupted large files of a tree from the server''s offsets, without sending a committed byte again' {
        $tree = Join-Path $TestDrive 'Resumed'
        $big = @(
            New-TestFile (Join-Path $tree 'a/big1.bin') -Size (9MB + 1) -Seed 31
            New-TestFile (Join-Path $tree 'b/big2.bin') -Size (8MB + 7) -Seed 32
        )
        1..8 | ForEach-Object { $null = New-TestFile (Join-Path $tree "a/s$_.txt") -Size (50 * $_) -Seed $_ }
        # Files already at the large files' places make their commits fail after every byte was sent: an interruption
        # at the last moment, the sessions left open on the server.
        $blocker = New-TestFile (Join-Path $TestDrive 'blocker.bin') -Size 3
        Send-DropboxFile $blocker.FullName /resumed/Resumed/a/big1.bin
        Send-DropboxFile $blocker.FullName /resumed/Resumed/b/big2.bin
        $null = Send-DropboxFile $tree /resumed -Recurse -ChunkSize 4MB -ErrorVariable interrupted -ErrorAction SilentlyContinue
        @($interrupted.TargetObject | Sort-Object) | Should -Be @('/resumed/Resumed/a/big1.bin', '/resumed/Resumed/b/big2.bin')

        Clear-RequestLog
        $out = Send-DropboxFile $tree /resumed -Recurse -ChunkSize 4MB -Resume -SkipIdentical -Mode Overwrite -PassThru
        $sent = @($out | Where-Object { -not $_.Skipped })
        @($sent.Name | Sort-Object) | Should -Be @('big1.bin', 'big2.bin')
        foreach ($file in $big) { (Get-DropboxItem "/resumed/Resumed/$($file.Directory.Name)/$($file.Name)").ContentHash | Should -Be (Get-ContentHash $file.FullName) }
        (Get-LoggedRequests files/upload_session/start) | Should -HaveCount 0
        (Get-LoggedRequests files/upload_session/append_v2) | Should -HaveCount 2 -Because 'each file asks the server for its offset with one empty append'
        (Get-LoggedRequests files/upload_session/finish) | Should -HaveCount 2
        $sessions = @(Invoke-EmulatorAdmin -Path upload_sessions | Where-Object { $_.offset -in @($big | ForEach-Object Length) })
        $sessions | Should -HaveCount 2
        $sessions | ForEach-Object { $_.finished | Should -BeTrue; $_.bytes_refused | Should -Be 0 }
    }
}

Describe 'Send-DropboxFile with pipeline input' {
    BeforeAll { $script:logs = New-TestTree 'logs' 4 5 }

    It 'keeps the structure below -BasePath' {
        Get-ChildItem $logs -Recurse -File | Send-DropboxFile -Destination /backup -BasePath $logs
        $expected = Get-LocalTree $logs
        $expected.Remove('/empty')
        Compare-Trees $expected (Get-RemoteTree /backup)
    }

    It 'without -BasePath puts piped files directly into the destination; a name clash is an error naming the remote path' {
        $out = Get-ChildItem $logs -Recurse -File | Send-DropboxFile -Destination /flat -PassThru -ErrorVariable clashes -ErrorAction SilentlyContinue
        $out | Should -HaveCount 5
        $clashes | Should -HaveCount 15
        $clashes[0].TargetObject | Should -Match '^/flat/f\d\.txt$'
        $clashes[0].ToString() | Should -Match "'/flat/f\d\.txt'"
        $clashes[0].FullyQualifiedErrorId | Should -Match '^PSDropbox\.'
        @(Get-DropboxChildItem /flat) | Should -HaveCount 5
    }

    It 'evaluates a script block -Destination for each item' {
        $out = Get-ChildItem $logs -Recurse -File | Send-DropboxFile -Destination { "/by-folder/$($_.Directory.Name)/" } -PassThru
        $out | Should -HaveCount 20
        foreach ($file in $out) {
            $file.Path | Should -Be ('/by-folder/{0}/{1}' -f (Split-Path (Split-Path $file.LocalPath) -Leaf), (Split-Path $file.LocalPath -Leaf))
        }
    }

    It 'reports a piped file outside -BasePath and goes on with the rest' {
        $outside = New-TestFile (Join-Path $TestDrive 'outside.txt') -Size 10
        $out = @((Get-Item $outside), (Get-Item (Join-Path $logs 'd1/f1.txt'))) |
            Send-DropboxFile -Destination /based -BasePath $logs -PassThru -ErrorVariable problems -ErrorAction SilentlyContinue
        $out.Path | Should -Be '/based/d1/f1.txt'
        $problems | Should -HaveCount 1
        $problems[0].ToString() | Should -Match 'BasePath'
    }

    It 'renders -PassThru output with the module''s view and a LocalPath property' {
        $out = Get-Item (Join-Path $logs 'd2/f2.txt') | Send-DropboxFile -Destination /view/ -PassThru
        $out.LocalPath | Should -Be (Join-Path $logs 'd2/f2.txt')
        $out | Should -BeOfType ([PSDropbox.DropboxFile])
        $out.PSObject.TypeNames[0] | Should -Be 'PSDropbox.UploadedFile'
        ($out | Out-String) | Should -Match 'f2\.txt'
    }
}
