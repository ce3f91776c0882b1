BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    # A local tree of $Count small files in 6 folders, seeded into Dropbox at $Remote; returns relative path -> hash.
    function New-SeededTree([string]$Name, [string]$Remote, [int]$Count, [int]$MaxSize = 20000) {
        $local = Join-Path $TestDrive $Name
        $hashes = @{}
        $random = [System.Random]::new($Count)
        foreach ($i in 1..$Count) {
            $rel = "d$($i % 6)/f$i.bin"
            $file = New-TestFile -Path (Join-Path $local $rel) -Size $random.Next(0, $MaxSize) -Seed $i
            $hashes[$rel] = Get-ContentHash $file.FullName
        }
        Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $local; path = $Remote } | Out-Null
        $hashes
    }

    function Set-TestFaults([string]$Spec, [int]$Seed = 1) {
        Invoke-EmulatorAdmin -Method POST -Path faults -Body @{ spec = $Spec; seed = $Seed } | Out-Null
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
    }


    # Relative path -> hash of every file under $Root (partial files included, so that a test sees them).
    function Get-LocalTree([string]$Root) {
        $tree = @{}
        foreach ($file in [System.IO.Directory]::GetFiles($Root, '*', 'AllDirectories')) {
            $tree[[System.IO.Path]::GetRelativePath($Root, $file).Replace('\', '/')] = Get-ContentHash $file
        }
        $tree
    }

    function Assert-SameTree([hashtable]$Actual, [hashtable]$Expected) {
        $Actual.Count | Should -Be $Expected.Count
        foreach ($rel in $Expected.Keys) { $Actual[$rel] | Should -BeExactly $Expected[$rel] -Because $rel }
    }

    $script:many = New-SeededTree 'many-src' '/Many' 300
}

AfterAll { Invoke-EmulatorAdmin -Method DELETE -Path faults | Out-Null }

Describe 'Receive-DropboxFile -Recurse with many files' {
    It 'downloads 300 files in parallel into DESTINATION/folder-name, every file verified, one output per file' {
        $dest = Join-Path $TestDrive 'par'
        $out = Receive-DropboxFile /Many -Destination $dest -Recurse -ThrottleLimit 16 -PassThru
        $out | Should -HaveCount 300
        @($out | Where-Object Skipped) | Should -HaveCount 0
        foreach ($item in $out) {
            $item | Should -BeOfType ([PSDropbox.DropboxFile])
            $item.LocalPath | Should -BeExactly (Join-Path $dest ('Many' + $item.Path.Substring(5)))
            Get-ContentHash $item.LocalPath | Should -BeExactly $item.ContentHash
        }
        Assert-SameTree (Get-LocalTree (Join-Path $dest 'Many')) $script:many
    }

    It 'has ThrottleLimit files in flight at once: 32 downloads that each take 300 ms finish in a fraction of 32 x 300 ms' {
        Set-TestFaults 'slow=1,slowms=300,routes=files/download'
        try {
            $dest = Join-Path $TestDrive 'slow'
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            Get-DropboxChildItem /Many/d1 | Select-Object -First 32 | Receive-DropboxFile -Destination $dest -ThrottleLimit 16
            $watch.Stop()
        }
        finally { Invoke-EmulatorAdmin -Method DELETE -Path faults | Out-Null }
        @(Get-LoggedRequests 'files/download' | Where-Object fault -EQ 'slow') | Should -HaveCount 32
        [System.IO.Directory]::GetFiles($dest) | Should -HaveCount 32
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5 -Because 'one after another they take at least 9.6 s'
    }

    It 'looks piped paths up ThrottleLimit at a time: 32 lookups that each take 300 ms finish in a fraction of 32 x 300 ms' {
        $paths = @(Get-DropboxChildItem /Many/d2 | Select-Object -First 32 | ForEach-Object { $_.Path })
        Set-TestFaults 'slow=1,slowms=300,routes=files/get_metadata'
        try {
            $dest = Join-Path $TestDrive 'slow-lookups'
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $paths | Receive-DropboxFile -Destination $dest -ThrottleLimit 16
            $watch.Stop()
        }
        finally { Invoke-EmulatorAdmin -Method DELETE -Path faults | Out-Null }
        @(Get-LoggedRequests 'files/get_metadata' | Where-Object fault -EQ 'slow') | Should -HaveCount 32
        [System.IO.Directory]::GetFiles($dest) | Should -HaveCount 32
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5 -Because 'one after another they take at least 9.6 s'
    }

    It 'leaves the same local tree when the same -Recurse download runs twice' {
        $dest = Join-Path $TestDrive 'twice'
        Receive-DropboxFile /Many -Destination $dest -Recurse
        $first = Get-LocalTree $dest
        Receive-DropboxFile /Many -Destination $dest -Recurse -Force
        $second = Get-LocalTree $dest
        [System.IO.Directory]::Exists((Join-Path $dest 'Many/Many')) | Should -BeFalse
        Assert-SameTree $second $first
        $first.Keys | Should -HaveCount 300
    }

    It 'sends no download request on a second run with -SkipIdentical, and downloads only the file that changed locally' {
        $dest = Join-Path $TestDrive 'skip'
        Receive-DropboxFile /Many -Destination $dest -Recurse
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $out = Receive-DropboxFile /Many -Destination $dest -Recurse -SkipIdentical -PassThru
        $out | Should -HaveCount 300
        @($out | Where-Object Skipped) | Should -HaveCount 300
        (Get-LoggedRequests 'files/download') | Should -HaveCount 0

        $changed = Join-Path $dest 'Many/d2/f2.bin'
        [System.IO.File]::WriteAllText($changed, 'changed locally')
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $out = Receive-DropboxFile /Many -Destination $dest -Recurse -SkipIdentical -Force -PassThru
        $downloaded = @($out | Where-Object { -not $_.Skipped })
        $downloaded | Should -HaveCount 1
        $downloaded[0].LocalPath | Should -BeExactly $changed
        (Get-LoggedRequests 'files/download') | Should -HaveCount 1
        Assert-SameTree (Get-LocalTree (Join-Path $dest 'Many')) $script:many
    }

    It 'downloads the contents of a folder given as /Folder/* into the destination, the same on a second run' {
        $dest = Join-Path $TestDrive 'contents'
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        Receive-DropboxFile '/Many/*' -Destination $dest -Recurse
        (Get-LoggedRequests 'files/get_metadata').Count | Should -BeLessOrEqual 1 -Because 'the pattern is looked up once as an exact name, no match is looked up'
        (Get-LoggedRequests 'files/download') | Should -HaveCount 300
        Assert-SameTree (Get-LocalTree $dest) $script:many
        Receive-DropboxFile '/Many/*' -Destination $dest -Recurse -SkipIdentical
        Assert-SameTree (Get-LocalTree $dest) $script:many
    }

    It 'uses the metadata of piped items as it comes: no lookup per item' {
        $dest = Join-Path $TestDrive 'piped'
        $items = @(Get-DropboxChildItem /Many/d3)
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $out = $items | Receive-DropboxFile -Destination $dest -PassThru
        $out | Should -HaveCount $items.Count
        (Get-LoggedRequests 'files/get_metadata') | Should -HaveCount 0
        (Get-LoggedRequests 'files/download') | Should -HaveCount $items.Count
        foreach ($item in $out) { Get-ContentHash $item.LocalPath | Should -BeExactly $item.ContentHash }
    }

    It 'reports a file that cannot be written as a non-terminating error naming its remote path, and downloads the rest' {
        $dest = Join-Path $TestDrive 'blocked'
        [System.IO.Directory]::CreateDirectory((Join-Path $dest 'Many/d4/f4.bin')) | Out-Null
        $out = Receive-DropboxFile /Many -Destination $dest -Recurse -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs | Should -HaveCount 1
        $errs[0].TargetObject | Should -BeExactly '/Many/d4/f4.bin'
        $out | Should -HaveCount 299
        ($script:many.Keys | Where-Object { $_ -ne 'd4/f4.bin' } | Where-Object { -not [System.IO.File]::Exists((Join-Path $dest "Many/$_")) }) | Should -BeNullOrEmpty
    }
}

Describe 'Receive-DropboxFile -Recurse -Resume after an interrupted folder download' {
    BeforeAll {
        function Start-StoppableCommand([string]$Script) {
            $runspace = [runspacefactory]::CreateRunspace([initialsessionstate]::CreateDefault2())
            $runspace.Open()
            $ps = [powershell]::Create()
            $ps.Runspace = $runspace
            $module = [System.IO.Path]::Combine((Get-Module PSDropbox).ModuleBase, 'PSDropbox.psd1')
            $null = $ps.AddScript("Import-Module '$module' -ErrorAction Stop; Connect-Dropbox -AccessToken '$($Emulator.AccessToken)' -ApiEndpoint '$($Emulator.BaseUrl)' | Out-Null; $Script")
            $null = $ps.BeginInvoke()
            $ps
        }
        $script:big = @{}
        foreach ($name in 'a', 'b', 'c') {
            $file = New-TestFile -Path (Join-Path $TestDrive "big-src/Big/$name.bin") -Size 1MB -Seed ([int][char]$name)
            $script:big["$name.bin"] = Get-ContentHash $file.FullName
        }
        Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = (Join-Path $TestDrive 'big-src/Big'); path = '/Big' } | Out-Null
    }

    It 'continues every partial file with a Range request and removes the partial files that belong to no file of the run' {
        $dest = Join-Path $TestDrive 'resume'
        $partials = 'a', 'b', 'c' | ForEach-Object { Join-Path $dest "Big/$_.bin.psdropbox-partial" }
        # Every download stalls for 30 s after its first bytes: three partial files, then Ctrl+C.
        Set-TestFaults 'slow=1,slowms=30000,routes=files/download'
        $ps = Start-StoppableCommand "Receive-DropboxFile /Big -Destination '$dest' -Recurse"
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (@($partials | Where-Object { [System.IO.File]::Exists($_) -and [System.IO.FileInfo]::new($_).Length -gt 0 }).Count -lt 3) {
                if ([DateTime]::UtcNow -gt $deadline) { throw 'The three downloads did not all start within 60 s.' }
                [System.Threading.Thread]::Sleep(50)
            }
            $ps.Stop()
            "$($ps.InvocationStateInfo.State)" | Should -Be 'Stopped'
        }
        finally { $ps.Runspace.Dispose(); $ps.Dispose() }
        Invoke-EmulatorAdmin -Method DELETE -Path faults | Out-Null
        $kept = @{}
        foreach ($name in 'a', 'b') { $kept[$name] = [System.IO.FileInfo]::new((Join-Path $dest "Big/$name.bin.psdropbox-partial")).Length }
        $kept.Values | ForEach-Object { $_ | Should -BeGreaterThan 0; $_ | Should -BeLessThan 1MB }

        # Meanwhile c.bin is deleted in Dropbox, and an older run left the partial file of a file that is long gone.
        Remove-DropboxItem /Big/c.bin -Confirm:$false | Out-Null
        [System.IO.File]::WriteAllText((Join-Path $dest 'Big/gone.bin.psdropbox-partial'), 'old bytes')
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null

        $out = Receive-DropboxFile /Big -Destination $dest -Recurse -Resume -PassThru
        $out | Should -HaveCount 2
        $downloads = @(Get-LoggedRequests 'files/download')
        $downloads | Should -HaveCount 2
        ($downloads.range | Sort-Object) | Should -Be @("bytes=$($kept['a'])-", "bytes=$($kept['b'])-" | Sort-Object)
        $downloads.status | Should -Be @(206, 206)
        $tree = Get-LocalTree (Join-Path $dest 'Big')
        $tree.Keys | Sort-Object | Should -Be @('a.bin', 'b.bin')
        $tree['a.bin'] | Should -BeExactly $script:big['a.bin']
        $tree['b.bin'] | Should -BeExactly $script:big['b.bin']

        # Run again: everything is complete, nothing is downloaded.
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $again = Receive-DropboxFile /Big -Destination $dest -Recurse -Resume -PassThru
        @($again | Where-Object Skipped) | Should -HaveCount 2
        (Get-LoggedRequests 'files/download') | Should -HaveCount 0
    }
}

Describe 'Receive-DropboxFile -Recurse under injected faults' {
    It 'downloads 300 files through 503s, 429s with and without Retry-After and cut connections: 0 lost, 0 partial, every hash right' {
        Set-TestFaults '503=0.08,429=0.08,retryafter=0.5,after=1,cut=0.08' -Seed 7
        try {
            $dest = Join-Path $TestDrive 'faults'
            $out = Receive-DropboxFile /Many -Destination $dest -Recurse -ThrottleLimit 16 -PassThru -ErrorVariable errs -WarningAction SilentlyContinue
        }
        finally { Invoke-EmulatorAdmin -Method DELETE -Path faults | Out-Null }
        $errs | Should -HaveCount 0
        $out | Should -HaveCount 300
        $faults = @(Invoke-EmulatorAdmin -Path requests | Where-Object { $null -ne $_.PSObject.Properties['fault'] })
        @($faults | Where-Object route -EQ 'files/download').Count | Should -BeGreaterThan 20
        Assert-SameTree (Get-LocalTree (Join-Path $dest 'Many')) $script:many
    }
}
