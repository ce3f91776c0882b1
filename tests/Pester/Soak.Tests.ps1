# The CI soak: a whole upload / list / download round trip while the emulator throttles, fails and cuts connections.
# Scaled for CI (300 small files + one 24 MiB file). Not yet covered: the 256 MiB file (upload sessions landed after
# this was written) and token expiry (needs refresh tokens; with a long-lived token an expiry fault could only fail the run).
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    $tree = Join-Path $TestDrive 'soak'
    $random = [System.Random]::new(8)
    $script:localFiles = foreach ($i in 0..299) {
        New-TestFile -Path (Join-Path $tree ("d{0}/small-{1:000}.bin" -f ($i % 10), $i)) -Size $random.Next(0, 6000) -Seed $i
    }
    $script:localFiles += New-TestFile -Path (Join-Path $tree 'big.bin') -Size 24MB -Seed 300
    $script:expected = @{}
    foreach ($f in $script:localFiles) { $script:expected[$f.FullName.Substring($tree.Length + 1).Replace('\', '/')] = Get-ContentHash $f.FullName }

    # 10% 429 (half of them with Retry-After), 5% 503, 5% connections cut in a request or response body.
    Invoke-EmulatorAdmin -Method POST -Path faults -Body @{ spec = '429=0.05,429text=0.05,retryafter=0.5,503=0.05,cut=0.05'; seed = 2026 } | Out-Null
    Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
}

AfterAll {
    Invoke-EmulatorAdmin -Method DELETE -Path faults | Out-Null
}

Describe 'Soak under faults' {
    It 'uploads every file exactly once with its content hash' {
        Send-DropboxFile $tree /Soak/ -Recurse -ErrorAction Stop
        $remote = @(Get-DropboxChildItem /Soak/soak -Recurse | Where-Object { $_ -is [PSDropbox.DropboxFile] })
        $remote.Count | Should -Be 301
        foreach ($file in $remote) {
            $rel = $file.Path.Substring('/Soak/soak/'.Length)
            $script:expected.ContainsKey($rel) | Should -BeTrue -Because "$rel must be one of the uploaded files (no '(1)' duplicates)"
            $file.ContentHash | Should -BeExactly $script:expected[$rel] -Because $rel
        }
        @($remote | Where-Object { $_.Name -match '\(\d+\)' }).Count | Should -Be 0
    }

    It 'downloads everything back intact, with no partial files left' {
        $back = Join-Path $TestDrive 'back'
        Receive-DropboxFile /Soak/soak -Destination $back -Recurse -ErrorAction Stop
        $files = [System.IO.Directory]::GetFiles($back, '*', 'AllDirectories')
        $files.Count | Should -Be 301
        @($files | Where-Object { $_ -like '*.psdropbox-partial' }).Count | Should -Be 0
        foreach ($rel in $script:expected.Keys) {
            Get-ContentHash (Join-Path $back $rel) | Should -BeExactly $script:expected[$rel] -Because $rel
        }
    }

    It 'got there through retries of every injected kind, which the request log shows' {
        $log = @(Invoke-EmulatorAdmin -Path requests)
        $faults = @($log | Where-Object { $null -ne $_.PSObject.Properties['fault'] } | ForEach-Object { $_.fault })
        $faults.Count | Should -BeGreaterThan 40
        foreach ($kind in '429+retry-after', '429text', '503', 'cut-request', 'cut-response') {
            @($faults | Where-Object { $_ -like "$kind*" }).Count | Should -BeGreaterThan 0 -Because "$kind faults were injected"
        }
        @($log | Where-Object { $_.route -eq 'files/upload' -and $_.status -eq 200 }).Count | Should -BeGreaterThan 300
    }
}
