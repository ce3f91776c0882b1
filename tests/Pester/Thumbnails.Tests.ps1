BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    function Get-ImageInfo {
        <# Format and pixel size read from a PNG, JPEG or WebP file's header (no image library needed). #>
        param([string]$Path)
        $b = [System.IO.File]::ReadAllBytes($Path)
        if ($b[0] -eq 0x89 -and $b[1] -eq 0x50) {
            $be32 = { param($o) ([int]$b[$o] -shl 24) -bor ([int]$b[$o + 1] -shl 16) -bor ([int]$b[$o + 2] -shl 8) -bor [int]$b[$o + 3] }
            return [pscustomobject]@{ Format = 'png'; Width = & $be32 16; Height = & $be32 20 }
        }
        if ($b[0] -eq 0xFF -and $b[1] -eq 0xD8) {
            $i = 2
            while ($i -lt $b.Length - 9) {
                if ($b[$i] -ne 0xFF) { $i++; continue }
                $marker = $b[$i + 1]
                if ($marker -in 0xC0, 0xC1, 0xC2) {
                    return [pscustomobject]@{ Format = 'jpeg'; Width = $b[$i + 7] * 256 + $b[$i + 8]; Height = $b[$i + 5] * 256 + $b[$i + 6] }
                }
                $i += 2 + $b[$i + 2] * 256 + $b[$i + 3]
            }
        }
        if ([System.Text.Encoding]::ASCII.GetString($b, 0, 4) -eq 'RIFF' -and [System.Text.Encoding]::ASCII.GetString($b, 8, 4) -eq 'WEBP') {
            return [pscustomobject]@{ Format = 'webp'; Width = $null; Height = $null }
        }
        [pscustomobject]@{ Format = 'unknown'; Width = $null; Height = $null }
    }

    # /Img/landscape.png (1000 x 700), /Img/notes.txt, /Img/broken.png (not an image)
    $source = Join-Path $TestDrive 'img'
    [System.IO.Directory]::CreateDirectory($source) | Out-Null
    [System.IO.File]::Copy((Join-Path $PSScriptRoot 'Assets/landscape-1000x700.png'), (Join-Path $source 'landscape.png'))
    [System.IO.File]::WriteAllText((Join-Path $source 'notes.txt'), 'no pixels here')
    [System.IO.File]::WriteAllText((Join-Path $source 'broken.png'), 'not really a png')
    Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $source; path = '/Img' } | Out-Null
    $script:Out = Join-Path $TestDrive 'out'
    [System.IO.Directory]::CreateDirectory($script:Out) | Out-Null
}

Describe 'Save-DropboxThumbnail' {
    It 'saves a JPEG of a PNG that fits the requested size class' {
        $file = Save-DropboxThumbnail /Img/landscape.png -Destination (Join-Path $Out 'a.jpg') -Size w256h256
        $file | Should -BeOfType ([System.IO.FileInfo])
        $file.FullName | Should -Be (Join-Path $Out 'a.jpg')
        $info = Get-ImageInfo $file.FullName
        $info.Format | Should -Be 'jpeg'
        $info.Width | Should -Be 256
        $info.Height | Should -Be 179
    }

    It 'saves a PNG in the w640h480 class' {
        $info = Get-ImageInfo (Save-DropboxThumbnail /Img/landscape.png (Join-Path $Out 'b.png') -Size w640h480 -Format Png).FullName
        $info.Format | Should -Be 'png'
        $info.Width | Should -Be 640
        $info.Height | Should -Be 448
    }

    It 'covers the box with -Mode FitOneBestFit and fits inside it with Strict' {
        (Get-ImageInfo (Save-DropboxThumbnail /Img/landscape.png (Join-Path $Out 'c.png') -Size w480h320 -Format Png -Mode FitOneBestFit).FullName).Height | Should -Be 336
        (Get-ImageInfo (Save-DropboxThumbnail /Img/landscape.png (Join-Path $Out 'd.png') -Size w480h320 -Format Png -Mode Strict).FullName).Width | Should -Be 457
    }

    It 'thumbnails a real JPEG and saves WebP' {
        $jpeg = Join-Path $TestDrive 'jpeg'
        [System.IO.Directory]::CreateDirectory($jpeg) | Out-Null
        Save-DropboxThumbnail /Img/landscape.png (Join-Path $jpeg 'photo.jpg') -Size w1024h768 -Mode Original | Out-Null
        (Get-ImageInfo (Join-Path $jpeg 'photo.jpg')).Width | Should -Be 1000
        Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $jpeg; path = '/Jpeg' } | Out-Null
        $info = Get-ImageInfo (Save-DropboxThumbnail /Jpeg/photo.jpg (Join-Path $Out 'e.png') -Size w128h128 -Format Png).FullName
        $info.Width | Should -Be 128
        $info.Height | Should -Be 90
        (Get-ImageInfo (Save-DropboxThumbnail /Jpeg/photo.jpg (Join-Path $Out 'f.webp') -Format Webp).FullName).Format | Should -Be 'webp'
    }

    It 'names files after the images when -Destination is a folder, for piped items' {
        $dir = Join-Path $TestDrive 'piped'
        [System.IO.Directory]::CreateDirectory($dir) | Out-Null
        $files = Get-DropboxChildItem /Img -Filter landscape* | Save-DropboxThumbnail -Destination $dir
        $files | Should -HaveCount 1
        $files[0].Name | Should -Be 'landscape.jpg'
        (Get-ImageInfo $files[0].FullName).Width | Should -Be 64
    }

    It 'writes nothing with -WhatIf' {
        Save-DropboxThumbnail /Img/landscape.png (Join-Path $Out 'whatif.jpg') -WhatIf
        Test-Path (Join-Path $Out 'whatif.jpg') | Should -BeFalse
    }

    It 'refuses to overwrite a local file unless -Force is given' {
        $target = Join-Path $Out 'exists.jpg'
        [System.IO.File]::WriteAllText($target, 'keep me')
        $record = { Save-DropboxThumbnail /Img/landscape.png $target -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.LocalFileExists,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ResourceExists'
        [System.IO.File]::ReadAllText($target) | Should -Be 'keep me'
        (Get-ImageInfo (Save-DropboxThumbnail /Img/landscape.png $target -Force).FullName).Format | Should -Be 'jpeg'
    }

    It 'reports a file type without thumbnails as UnsupportedExtension and leaves no file behind' {
        $target = Join-Path $Out 'notes.jpg'
        $record = { Save-DropboxThumbnail /Img/notes.txt $target -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.UnsupportedExtension,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidType'
        $record.TargetObject | Should -Be '/Img/notes.txt'
        Test-Path $target | Should -BeFalse
        Test-Path "$target.psdropbox-partial" | Should -BeFalse
    }

    It 'reports a file that is not really an image as UnsupportedImage' {
        $record = { Save-DropboxThumbnail /Img/broken.png (Join-Path $Out 'broken.jpg') -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.UnsupportedImage,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidData'
    }

    It 'reports a missing image as ObjectNotFound and goes on with the next one' {
        $files = Save-DropboxThumbnail /Img/missing.png, /Img/landscape.png -Destination $Out -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $files | Should -HaveCount 1
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Match '^PSDropbox.PathNotFound'
    }
}
