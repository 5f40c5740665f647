; Inno Setup 6 script: the Windows installer of 年报通 (Chinese wizard, Start-menu and desktop
; shortcuts, uninstaller). Build dist\nianbao\ first (pyinstaller build.spec), then:
;     "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" packaging\windows\nianbao.iss
; Output: dist\nianbao-<version>-windows-x64-setup.exe. Steps: packaging\BUILD-WINDOWS.md.
; This file is UTF-8 with a BOM: Inno Setup reads it as ANSI (mangling the Chinese) without one.

#define AppName "年报通"
#define AppExe "nianbao.exe"
; The bundle to install: dist\nianbao (a build on Windows); the Wine build passes
; /DBundle=…\dist\windows\nianbao.
#ifndef Bundle
  #define Bundle AddBackslash(SourcePath) + "..\..\dist\nianbao"
#endif
#if !FileExists(Bundle + "\" + AppExe)
  #error the bundle is missing: run pyinstaller build.spec first
#endif

; The version is core.__version__ as written (1.2.0, 1.3.0rc1), read from core\__init__.py, so
; the installer's name and "Programs and Features" show a release candidate as one;
; `ISCC /DAppVersion=1.2.3 …` overrides it. Windows' own version fields take numbers only
; (1.3.0rc1 → 1.3.0).
#ifndef AppVersion
  #define VersionFile AddBackslash(SourcePath) + "..\..\core\__init__.py"
  #define VersionHandle FileOpen(VersionFile)
  #if !VersionHandle
    #error core\__init__.py not found
  #endif
  #define VersionLine ""
  #sub ReadVersionLine
    #define Line FileRead(VersionHandle)
    #if Pos("__version__", Line) == 1
      #expr VersionLine = Line
    #endif
  #endsub
  #for {0; VersionLine == "" && !FileEof(VersionHandle); 0} ReadVersionLine
  #expr FileClose(VersionHandle)
  #define AppVersion Copy(VersionLine, Pos('"', VersionLine) + 1)
  #define AppVersion Copy(AppVersion, 1, Pos('"', AppVersion) - 1)
#endif
#if AppVersion == ""
  #error no __version__ in core\__init__.py
#endif
#define CutAt(str S, str Marker) Pos(Marker, S) > 0 ? Copy(S, 1, Pos(Marker, S) - 1) : S
#define NumericVersion CutAt(CutAt(CutAt(CutAt(CutAt(CutAt(AppVersion, "+"), ".dev"), ".post"), "rc"), "a"), "b")
#pragma message "nianbao version: " + AppVersion + " (Windows numeric: " + NumericVersion + ")"

; The Chinese wizard text is the project's own (ChineseSimplified.isl beside this script):
; Inno Setup ships no Chinese translation.
#define ChineseIsl AddBackslash(SourcePath) + "ChineseSimplified.isl"

[Setup]
; AppId identifies the product to Windows (upgrades, uninstall). Never change it.
AppId={{CE03EF22-F3BD-4B0C-9658-CF1EB059A7F3}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#NumericVersion}
VersionInfoProductTextVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Office PCs are often locked down: without admin rights the user can still install for
; themselves ({autopf} is then %LOCALAPPDATA%\Programs); with them, for all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
; Supported: 64-bit Windows 10 (1809 or later) and Windows 11. Qt 6 and Python 3.11 do not run on
; Windows 7/8: the installer refuses them with the message under [Messages].
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
; "Open with" entries changed: tell Explorer to refresh its menus.
ChangesAssociations=yes
OutputDir=..\..\dist
OutputBaseFilename=nianbao-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
; ultra64 (a 64 MB dictionary) makes the installer with OCR 78.9 MB instead of 81.8 MB
Compression=lzma2/ultra64
SolidCompression=yes
ShowLanguageDialog=no
; Close a running 年报通 before replacing its files (Windows Restart Manager).
CloseApplications=yes
; Code signing: `ISCC /DSignTool=nianbao "/Snianbao=signtool sign /fd sha256 /tr <timestamp URL> /td sha256 /a $f" …`
; signs the setup exe and the uninstaller (BUILD-WINDOWS.md, step 5). Unsigned without it.
#ifdef SignTool
SignTool={#SignTool}
SignedUninstaller=yes
#endif

[Languages]
Name: "chinesesimplified"; MessagesFile: "{#ChineseIsl}"

[Messages]
; Below MinVersion Inno Setup says WindowsVersionNotSupported (seen under Wine set to Windows 7).
WindowsVersionNotSupported=年报通需要 64 位的 Windows 10（1809 版或更新）或 Windows 11。%n%nWindows 7 和 Windows 8 无法运行本程序（它使用的 Qt 6 和 Python 3.11 已不支持这些系统），请在 Windows 10/11 电脑上安装。
WinVersionTooLowError=年报通需要 64 位的 Windows 10（1809 版或更新）或 Windows 11。%n%nWindows 7 和 Windows 8 无法运行本程序（它使用的 Qt 6 和 Python 3.11 已不支持这些系统），请在 Windows 10/11 电脑上安装。
OnlyOnTheseArchitectures=年报通只能安装在 64 位的 Windows 10（1809 版或更新）或 Windows 11 上。%n%n这台电脑的 Windows 是 32 位的，无法安装。

[CustomMessages]
chinesesimplified.OpenWith=在“打开方式”菜单中加入年报通（PDF、Word、TXT、网页文件；不改变默认打开程序）
chinesesimplified.UninstallShortcut=卸载年报通
chinesesimplified.TypeFull=完整安装（含文字识别，推荐）
chinesesimplified.TypeCompact=精简安装（不含文字识别，扫描件手工录入）
chinesesimplified.TypeCustom=自定义安装
chinesesimplified.ComponentMain=年报通主程序
chinesesimplified.ComponentOcr=文字识别（OCR）：自动读取扫描件和图片中的表格

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "openwith"; Description: "{cm:OpenWith}"; GroupDescription: "{cm:AdditionalIcons}"

[Types]
; OCR (reading scans) is more than half the program's size: a component, on by default. Without
; it, scans still open, for typing the tables in by hand beside the page.
Name: "full"; Description: "{cm:TypeFull}"
Name: "compact"; Description: "{cm:TypeCompact}"
Name: "custom"; Description: "{cm:TypeCustom}"; Flags: iscustom

[Components]
Name: "main"; Description: "{cm:ComponentMain}"; Types: full compact custom; Flags: fixed
Name: "ocr"; Description: "{cm:ComponentOcr}"; Types: full custom

[Files]
; The whole one-folder bundle. Nothing is ever written here at run time: settings, recent files
; autosaves and the error log live in the user's folder %LOCALAPPDATA%\nianbaotong.
; The OCR folders (build.spec's OCR_PACKAGES and OCR_LIBRARY_FOLDERS; tests/test_dist_ocr.py
; checks both lists below match it) go with the "ocr" component only.
Source: "{#Bundle}\*"; DestDir: "{app}"; Excludes: "\_internal\rapidocr,\_internal\onnxruntime,\_internal\cv2,\_internal\numpy,\_internal\numpy.libs,\_internal\opencv_python_headless.libs"; Components: main; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#Bundle}\_internal\rapidocr\*"; DestDir: "{app}\_internal\rapidocr"; Components: ocr; Flags: ignoreversion recursesubdirs createallsubdirs skipifsourcedoesntexist
Source: "{#Bundle}\_internal\onnxruntime\*"; DestDir: "{app}\_internal\onnxruntime"; Components: ocr; Flags: ignoreversion recursesubdirs createallsubdirs skipifsourcedoesntexist
Source: "{#Bundle}\_internal\cv2\*"; DestDir: "{app}\_internal\cv2"; Components: ocr; Flags: ignoreversion recursesubdirs createallsubdirs skipifsourcedoesntexist
Source: "{#Bundle}\_internal\numpy\*"; DestDir: "{app}\_internal\numpy"; Components: ocr; Flags: ignoreversion recursesubdirs createallsubdirs skipifsourcedoesntexist
Source: "{#Bundle}\_internal\numpy.libs\*"; DestDir: "{app}\_internal\numpy.libs"; Components: ocr; Flags: ignoreversion recursesubdirs createallsubdirs skipifsourcedoesntexist
Source: "{#Bundle}\_internal\opencv_python_headless.libs\*"; DestDir: "{app}\_internal\opencv_python_headless.libs"; Components: ocr; Flags: ignoreversion recursesubdirs createallsubdirs skipifsourcedoesntexist

[InstallDelete]
; An upgrade replaces the bundle entirely: files a newer build no longer ships must not linger.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "政府信息公开工作年度报告统计表提取、校验与导出"
Name: "{group}\{cm:UninstallShortcut}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; "Open with" entry only (Applications\nianbao.exe + SupportedTypes): the user's default
; programs for PDF/Word stay untouched. Removed again by the uninstaller.
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\DefaultIcon"; ValueType: string; ValueData: """{app}\{#AppExe}"",0"; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".pdf"; ValueData: ""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".docx"; ValueData: ""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".txt"; ValueData: ""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".html"; ValueData: ""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".htm"; ValueData: ""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.pdf\OpenWithList\{#AppExe}"; Flags: uninsdeletekey; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.docx\OpenWithList\{#AppExe}"; Flags: uninsdeletekey; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.txt\OpenWithList\{#AppExe}"; Flags: uninsdeletekey; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.html\OpenWithList\{#AppExe}"; Flags: uninsdeletekey; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.htm\OpenWithList\{#AppExe}"; Flags: uninsdeletekey; Tasks: openwith

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; Uninstall removes the program folder, shortcuts and the registry entries above. The user's
; settings, autosaves and error log (%LOCALAPPDATA%\nianbaotong) are kept on purpose.
