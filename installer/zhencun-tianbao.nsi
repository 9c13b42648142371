; Installer of 镇村便民服务试点填报 for Windows 10/11 — per user, no administrator rights.
; Built by `python3 tools/dev.py windows` (tools/windows.py), which passes:
;   /DVERSION=0.1.0 /DVERSION4=0.1.0.0 /DSOURCE=<bundle folder> /DOUTFILE=<setup.exe> /DICON=<app.ico>
; Installs into %LOCALAPPDATA%\Programs\zhencun-tianbao, adds a Start-menu shortcut (and, if chosen, one on the
; desktop), opens .zctb exchange packages in the program, and registers an uninstaller in 程序和功能.
; The user's data (%APPDATA%\zhencun-tianbao: the database, its backups) is never touched: installing a
; newer version over an older one keeps it (the program upgrades the database, after a backup, when it
; opens it), and uninstalling leaves it.
; It installs on 64-bit Windows 10 or 11 only (the program's Python and Qt need them), and neither it nor
; the uninstaller goes on while a copy of the program runs from the folder: they ask to close it (silently,
; with /S, they end with exit code 2 and change nothing).

Target amd64-unicode  ; a 64-bit installer for a 64-bit program (and Wine without its 32-bit half runs it)
ManifestDPIAware true
SetCompressor /SOLID lzma

!include MUI2.nsh
!include FileFunc.nsh
!include LogicLib.nsh
!include x64.nsh
!include WinVer.nsh

!ifndef VERSION | VERSION4 | SOURCE | OUTFILE | ICON
  !error "build with python3 tools/dev.py windows"
!endif

!define APP_ID "zhencun-tianbao"
!define APP_NAME "镇村便民服务试点填报"
!define APP_EXE "zhencun-tianbao.exe"
!define CLI_EXE "zhencun.exe"
!define PUBLISHER "镇村便民服务试点填报"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define PROGID "ZhencunTianbao.Package"

Name "${APP_NAME}"
Caption "${APP_NAME} ${VERSION} 安装"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
InstallDirRegKey HKCU "Software\${APP_ID}" "InstallDir"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "将把 ${APP_NAME} ${VERSION} 安装到本用户的程序文件夹，不需要管理员权限。$\r$\n$\r$\n已安装旧版本的，直接安装即可：填报数据保存在用户数据文件夹中，不会丢失；新版本第一次打开数据时会先备份再升级。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开 ${APP_NAME}"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "将删除程序文件和快捷方式。填报数据（用户数据文件夹 %APPDATA%\${APP_ID} 中的数据库和备份）会保留。"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    ${WinVerGetMajor} $0
    ${WinVerGetMinor} $1
    ${WinVerGetBuild} $2
    MessageBox MB_ICONSTOP "${APP_NAME} 需要 64 位的 Windows 10 或 Windows 11，这台电脑的 Windows（版本 $0.$1.$2）不能运行它，没有安装。$\r$\n请在 64 位的 Windows 10 或 11 电脑上安装。" /SD IDOK
    SetErrorLevel 2
    Abort
  ${EndIf}
  SetShellVarContext current
FunctionEnd

; A running copy of the program (the window, or zhencun.exe in a console) keeps its .exe open, and Windows
; refuses to open a running program's file for writing: that is how both are found. $R0 is "running"
; when one still runs after the user was asked to close it (or at once, in silent mode: /SD IDCANCEL).
!macro EXE_IN_USE FILE
  ${If} ${FileExists} "${FILE}"
    ClearErrors
    FileOpen $0 "${FILE}" a
    ${If} ${Errors}
      StrCpy $R0 "running"
    ${Else}
      FileClose $0
    ${EndIf}
  ${EndIf}
!macroend

!macro RUNNING_CHECK UN TEXT
Function ${UN}FindRunning
  retry:
  StrCpy $R0 ""
  !insertmacro EXE_IN_USE "$INSTDIR\${APP_EXE}"
  !insertmacro EXE_IN_USE "$INSTDIR\${CLI_EXE}"
  ${If} $R0 == "running"
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${TEXT}" /SD IDCANCEL IDRETRY retry
  ${EndIf}
FunctionEnd
!macroend
!insertmacro RUNNING_CHECK "" "${APP_NAME} 正在运行（它的窗口，或命令行程序 ${CLI_EXE}），不能安装。$\r$\n请先关闭它（保存好正在填写的内容），再点“重试”；点“取消”则不安装。$\r$\n$\r$\n程序位置：$INSTDIR"
!insertmacro RUNNING_CHECK "un." "${APP_NAME} 正在运行（它的窗口，或命令行程序 ${CLI_EXE}），不能卸载。$\r$\n请先关闭它（保存好正在填写的内容），再点“重试”；点“取消”则不卸载，什么也不删除。$\r$\n$\r$\n程序位置：$INSTDIR"

; A running program keeps its files open: ask to close it rather than fail halfway through the copy.
Function CloseRunning
  Call FindRunning
  ${If} $R0 == "running"
    SetErrorLevel 2
    Abort
  ${EndIf}
FunctionEnd

Section "程序文件（必需）" SecMain
  SectionIn RO
  Call CloseRunning
  SetOutPath "$INSTDIR"
  ; The previous version's program files go first (never the data: it is not in this folder).
  RMDir /r "$INSTDIR\_internal"
  File /r "${SOURCE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\${APP_ID}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "Software\${APP_ID}" "Version" "${VERSION}"

  CreateShortCut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  ; _?= runs the uninstaller in place, so that the caller gets its exit code (see un.onInit)
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" _?=$INSTDIR'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S _?=$INSTDIR'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0

  ; .zctb exchange packages open in the program (it imports them through the usual preview).
  WriteRegStr HKCU "Software\Classes\.zctb" "" "${PROGID}"
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "镇村便民服务交换包"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "桌面快捷方式" SecDesktop
  CreateShortCut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecMain} "程序本身、命令行程序 zhencun.exe、开始菜单快捷方式，以及用本程序打开 .zctb 交换包。"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "在桌面上放一个快捷方式。"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

; Before anything is removed: a running copy is found and the user asked to close it; in silent mode the
; uninstaller ends with exit code 2 and removes nothing (otherwise the running program's files would stay
; locked while its 程序和功能 entry went, and it could no longer be uninstalled).
; Run in place (the registered commands pass _?=, so that the caller gets that exit code), it then hands
; the work to a copy of itself in %TEMP%, which can delete uninstall.exe — as NSIS does for an uninstaller
; started without _?= (that copy, whose $EXEDIR is not $INSTDIR, checks again and goes on).
Function un.onInit
  SetShellVarContext current
  Call un.FindRunning
  ${If} $R0 == "running"
    SetErrorLevel 2
    Quit
  ${EndIf}
  ${If} $EXEDIR == $INSTDIR
    GetTempFileName $0
    Delete $0
    CreateDirectory $0
    ClearErrors
    CopyFiles /SILENT /FILESONLY "$EXEPATH" "$0\uninstall.exe"
    ${IfNot} ${Errors}
      StrCpy $1 "_?=$INSTDIR"  ; _?= comes last
      ${If} ${Silent}
        StrCpy $1 "/S $1"
      ${EndIf}
      Exec '"$0\uninstall.exe" $1'
      ${IfNot} ${Errors}
        SetErrorLevel 0
        Quit
      ${EndIf}
    ${EndIf}
  ${EndIf}
FunctionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  ; Only what the installer put there: a folder chosen by hand may hold other files.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "Software\${APP_ID}"
  DeleteRegKey HKCU "Software\Classes\${PROGID}"
  ReadRegStr $0 HKCU "Software\Classes\.zctb" ""
  ${If} $0 == "${PROGID}"
    DeleteRegKey HKCU "Software\Classes\.zctb"
  ${EndIf}
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  ; %APPDATA%\zhencun-tianbao (the database and its backups) stays.
SectionEnd
