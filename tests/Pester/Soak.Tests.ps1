# The CI soak of issue #8: a whole upload / list / download round trip (one 256 MiB file through an upload session and
# 300 small files) while the emulator throttles, fails, cuts connections and expires the access token every 60 s.
# Signed in with a refresh token, as a scheduled task would be, so expiry is survivable. The token is also expired on
# purpose between the phases, so that a refresh happens even when a fast machine finishes a phase within 60 s.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    $app = New-TestOAuthApp
    Connect-Dropbox -AppKey $app -RefreshToken (New-TestRefreshToken -AppKey $app).refresh_token -ApiEndpoint $Emulator.BaseUrl

    $tree = Join-Path $TestDrive 'soak'
    $random = [System.Random]::new(8)
    $script:localFiles = foreach ($i in 0..299) {
        New-TestFile -Path (Join-Path $tree ("d{0}/small-{1:000}.bin" -f ($i % 10), $i)) -Size $random.Next(0, 6000) -Seed $i
    }
    $script:localFiles += New-TestFile -Path (Join-Path $tree 'big.bin') -Size 256MB -Seed 300
    $script:expected = @{}
    foreach ($f in $script:localFiles) { $script:expected[$f.FullName.Substring($tree.Length + 1).Replace('\', '/')] = Get-ContentHash $f.FullName }

    # 10% 429 (half of them with Retry-After), 5% 503, 5% connections cut in a request or response body, tokens expiring after 60 s.
    Invoke-EmulatorAdmin -Method POST -Path faults -Body @{ spec = '429=0.05,429text=0.05,retryafter=0.5,503=0.05,cut=0.05,expire=60'; seed = 2026 } | Out-Null
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
        Invoke-EmulatorAdmin -Method POST -Path tokens/expire | Out-Null
        $back = Join-Path $TestDrive 'back'
        Receive-DropboxFile /Soak/soak -Destination $back -Recurse -ErrorAction Stop
        $back = Join-Path $back 'soak'
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
        # The small files went as one closing append each and were committed in batches (finish_batch_v2), the big file
        # through its own session, finished once: a cut answer is checked (get_metadata), not repeated.
        @($log | Where-Object { $_.route -eq 'files/upload_session/finish_batch_v2' -and $_.status -eq 200 }).Count | Should -BeGreaterThan 0
        @($log | Where-Object { $_.route -eq 'files/upload_session/append_v2' -and $_.status -eq 200 }).Count | Should -BeGreaterThan 299
        @($log | Where-Object { $_.route -eq 'files/upload_session/finish' -and $_.status -eq 200 }).Count | Should -Be 1
    }

    It 'refreshed the expired access token and carried on' {
        $log = @(Invoke-EmulatorAdmin -Path requests)
        @($log | Where-Object { $_.status -eq 401 }).Count | Should -BeGreaterThan 0 -Because 'the token expired during the run'
        @($log | Where-Object { $_.route -eq 'oauth2/token' -and $_.status -eq 200 }).Count | Should -BeGreaterThan 0
    }
}
