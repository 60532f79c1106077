<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../ui/tolerance/approval.py" line="101"/>
        <source>审批容缺受理申请</source>
        <translation>Approve tolerance acceptance request</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/approval.py" line="114"/>
        <source>申请时未能核查申请人信用。点击“同意容缺受理”时将再次核查：发现失信记录的，不能同意；仍无法核查的，同意后将记录为未经信用核查同意（审批时仍未能核查信用，经审批人确认后同意）。</source>
        <translation>The applicant&apos;s credit could not be checked when the request was made. It is checked again when you click “Approve tolerance”: with a dishonesty record the request cannot be approved; if it still cannot be checked, the approval is recorded as made without a credit check (credit still not checkable at approval, approved on the approver&apos;s confirmation).</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/approval.py" line="125"/>
        <source>查看签字页</source>
        <translation>View signature page</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/approval.py" line="128"/>
        <source>不同意…</source>
        <translation>Refuse…</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/approval.py" line="130"/>
        <source>同意容缺受理</source>
        <translation>Approve tolerance acceptance</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/approval.py" line="133"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ApprovalQueueScreen</name>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="81"/>
        <source>刷新 (F5)</source>
        <extracomment>How often the queue refreshes while it is shown (milliseconds).</extracomment>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="82"/>
        <source>审批… (Enter)</source>
        <translation>Approve… (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="89"/>
        <source>申请时间</source>
        <translation>Requested at</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="89"/>
        <source>申请窗口</source>
        <translation>Requesting window</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="89"/>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="89"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="90"/>
        <source>容缺材料</source>
        <translation>Tolerated materials</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="90"/>
        <source>信用核查</source>
        <translation>Credit check</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="99"/>
        <source>容缺审批</source>
        <translation>Tolerance approvals</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="131"/>
        <source>待审批 {n} 件</source>
        <translation>{n} pending approval</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="132"/>
        <source>没有待审批的容缺受理申请。</source>
        <translation>No tolerance acceptance requests are pending.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="189"/>
        <source>正在审批并核查申请人信用…</source>
        <translation>Approving and checking the applicant's credit…</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="195"/>
        <source>办理事项</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="196"/>
        <source>补正期限</source>
        <translation>Supplement deadline</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="197"/>
        <source>（预计）</source>
        <translation> (estimated)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="199"/>
        <source>已同意容缺受理</source>
        <translation>Tolerance acceptance approved</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="201"/>
        <source>再次打印容缺受理通知书</source>
        <translation>Print tolerance acceptance notice again</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="209"/>
        <source>已同意容缺受理，办件编号 {no}。</source>
        <translation>Tolerance acceptance approved, case number {no}.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/queue.py" line="223"/>
        <source>已不同意该容缺受理申请。</source>
        <translation>The tolerance acceptance request was refused.</translation>
    </message>
</context>
<context>
    <name>CalendarNotice</name>
    <message>
        <location filename="../../ui/calendar_notice.py" line="64"/>
        <source>日期已按节假日安排调整（{n} 件）</source>
        <translation>Dates adjusted to the holiday schedule ({n} cases)</translation>
    </message>
    <message>
        <location filename="../../ui/calendar_notice.py" line="65"/>
        <source>节假日安排公布后，在办办件的承诺办结时间已重新计算；点击查看</source>
        <translation>The holiday schedule was published and the promised completion times of open cases were recalculated; click to view</translation>
    </message>
    <message>
        <location filename="../../ui/calendar_notice.py" line="71"/>
        <source>日期已按节假日安排调整</source>
        <translation>Dates adjusted to the holiday schedule</translation>
    </message>
    <message>
        <location filename="../../ui/calendar_notice.py" line="73"/>
        <source>以下在办办件的日期已按公布的节假日安排重新计算，请告知相关申请人：</source>
        <translation>The dates of these open cases were recalculated from the published holiday schedule; please inform the applicants concerned:</translation>
    </message>
    <message>
        <location filename="../../ui/calendar_notice.py" line="83"/>
        <source>知道了</source>
        <translation>Got it</translation>
    </message>
    <message>
        <location filename="../../ui/calendar_notice.py" line="85"/>
        <source>稍后</source>
        <translation>Later</translation>
    </message>
</context>
<context>
    <name>CameraCaptureWidget</name>
    <message>
        <location filename="../../ui/capture/camera.py" line="98"/>
        <source>拍照（空格）</source>
        <translation>Take photo (Space)</translation>
    </message>
    <message>
        <location filename="../../ui/capture/camera.py" line="56"/>
        <location filename="../../ui/capture/camera.py" line="112"/>
        <source>本机缺少多媒体组件，无法使用摄像头。</source>
        <translation>Multimedia components are missing on this computer; the camera cannot be used.</translation>
    </message>
    <message>
        <location filename="../../ui/capture/camera.py" line="59"/>
        <location filename="../../ui/capture/camera.py" line="113"/>
        <source>未检测到摄像头：请连接摄像头，或改用扫描文件夹、导入文件。</source>
        <translation>No camera detected: connect a camera, or use a scan folder or import files instead.</translation>
    </message>
    <message>
        <location filename="../../ui/capture/camera.py" line="148"/>
        <source>摄像头尚未就绪，请稍候再拍。</source>
        <translation>The camera is not ready yet; please wait a moment.</translation>
    </message>
    <message>
        <location filename="../../ui/capture/camera.py" line="191"/>
        <source>按空格或 F9 拍照。</source>
        <translation>Press Space or F9 to take a photo.</translation>
    </message>
    <message>
        <location filename="../../ui/capture/camera.py" line="191"/>
        <source>正在打开摄像头…</source>
        <translation>Opening camera…</translation>
    </message>
    <message>
        <location filename="../../ui/capture/camera.py" line="196"/>
        <source>已拍照，正在处理…</source>
        <translation>Photo taken, processing…</translation>
    </message>
    <message>
        <location filename="../../ui/capture/camera.py" line="201"/>
        <source>拍照失败：{text}</source>
        <translation>Photo failed: {text}</translation>
    </message>
    <message>
        <location filename="../../ui/capture/camera.py" line="206"/>
        <source>摄像头出错：{text}</source>
        <translation>Camera error: {text}</translation>
    </message>
</context>
<context>
    <name>CapturePage</name>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="79"/>
        <source>留空则不使用热文件夹</source>
        <translation>Leave empty to use no hot folder</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="80"/>
        <source>浏览(&amp;B)…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="83"/>
        <source>测试(&amp;T)</source>
        <translation>&amp;Test</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="94"/>
        <source>热文件夹</source>
        <translation>Hot folder</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="96"/>
        <source>热文件夹(&amp;R)：</source>
        <translation>Hot folde&amp;r:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="99"/>
        <source>高拍仪或扫描仪把每次拍摄保存到这个文件夹，新文件成为所选材料的页面，导入后移入其中的 processed 子文件夹。</source>
        <translation>The document camera or scanner saves every capture into this folder; new files become pages of the selected material and are then moved into its processed subfolder.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="107"/>
        <source>留空则本窗口未配置身份证阅读器</source>
        <translation>Leave empty if this counter has no ID card reader</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="108"/>
        <source>浏览(&amp;L)…</source>
        <translation>Browse (&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="115"/>
        <source>身份证阅读器</source>
        <translation>ID card reader</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="117"/>
        <source>输出文件夹(&amp;W)：</source>
        <translation>Output folder (&amp;W):</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="119"/>
        <source>阅读器厂家的读卡程序每读一张身份证，就把 wz.txt 和 zp.bmp 写到这个文件夹；按 F2 读身份证时从这里取出（取出后删除）。不能与热文件夹相同。</source>
        <translation>Each time the reader vendor&apos;s program reads an ID card, it writes wz.txt and zp.bmp into this folder; F2 (Read ID card) takes them from here (and deletes them). Must not be the hot folder.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="126"/>
        <source>启用高拍仪驱动服务(&amp;K)</source>
        <translation>Use the document camera driver service (&amp;K)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="149"/>
        <source>拍照方法直接返回图像时留空</source>
        <translation>Leave empty when the capture method returns the image</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="150"/>
        <source> 毫秒</source>
        <translation> ms</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="153"/>
        <source>测试连接(&amp;C)</source>
        <translation>Test &amp;connection</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="161"/>
        <source>高拍仪驱动服务</source>
        <translation>Document camera driver service</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="164"/>
        <source>服务地址(&amp;U)：</source>
        <translation>Service address (&amp;U):</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="165"/>
        <source>对象名(&amp;O)：</source>
        <translation>&amp;Object name:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="167"/>
        <source>拍照方法(&amp;M)：</source>
        <translation>Capture &amp;method:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="169"/>
        <source>图像信号(&amp;G)：</source>
        <translation>Ima&amp;ge signal:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="171"/>
        <source>超时时间(&amp;I)：</source>
        <translation>T&amp;imeout:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="173"/>
        <source>主摄像头编号(&amp;P)：</source>
        <translation>Main camera index (&amp;P):</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="175"/>
        <source>副摄像头编号(&amp;D)：</source>
        <translation>Secondary camera in&amp;dex:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="182"/>
        <source>方正、良田等高拍仪的驱动程序通常在本机 ws://127.0.0.1:12345 提供服务；对象名、方法名和摄像头编号见厂家的接口说明。</source>
        <translation>Document camera drivers such as Founder (方正) or Liangtian (良田) usually serve on ws://127.0.0.1:12345 on this computer; the object name, method names and camera indices are in the vendor&apos;s interface description.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="189"/>
        <source>保存后，本窗口的受理界面立即使用新的热文件夹、身份证阅读器和高拍仪设置。</source>
        <translation>Once saved, this counter&apos;s intake screen uses the new hot folder, ID card reader and document camera settings at once.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="196"/>
        <source>保存 (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="255"/>
        <source>采集设备设置</source>
        <translation>Capture devices</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="314"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="318"/>
        <source>已保存，受理界面已使用新设置。</source>
        <translation>Saved; the intake screen now uses the new settings.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="363"/>
        <source>选择热文件夹</source>
        <translation>Choose the hot folder</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="373"/>
        <source>选择身份证阅读器输出文件夹</source>
        <translation>Choose the ID card reader&apos;s output folder</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="384"/>
        <source>热文件夹存在且可写。</source>
        <translation>The hot folder exists and is writable.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="401"/>
        <source>请先改正上面标出的设置。</source>
        <translation>Please correct the settings marked above first.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="405"/>
        <source>本窗口未配置高拍仪。</source>
        <translation>No document camera is configured for this window.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="412"/>
        <source>正在连接 {url} …</source>
        <translation>Connecting to {url} …</translation>
    </message>
    <message>
        <location filename="../../ui/admin/capture_page.py" line="418"/>
        <source>已连接，驱动服务提供所设的对象和拍照方法。</source>
        <translation>Connected; the driver service offers the configured object and capture method.</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../../ui/case_view.py" line="382"/>
        <source>办件编号、申请人证件号码或姓名，Enter 查询</source>
        <translation>Case number, applicant ID number or name, Enter to search</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="384"/>
        <location filename="../../ui/case_view.py" line="468"/>
        <source>办件查询</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="387"/>
        <source>出件 (F8)</source>
        <translation>Hand out (F8)</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="411"/>
        <source>材料台账</source>
        <translation>Materials ledger</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="412"/>
        <source>材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="412"/>
        <source>收取情况</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="412"/>
        <source>必要性</source>
        <translation>Necessity</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="413"/>
        <source>份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="413"/>
        <location filename="../../ui/case_view.py" line="691"/>
        <source>原件</source>
        <translation>Original</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="413"/>
        <source>服务事项</source>
        <translation>For items</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="429"/>
        <source>重置查询密码…</source>
        <translation>Reset query password…</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="432"/>
        <source>申请人未拿到或遗失查询密码：核验身份证件后生成新密码，打印新的受理通知书</source>
        <translation>The applicant never received or has lost the query password: verify their ID document, create a new password and print a new acceptance notice</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="448"/>
        <source>办理过程</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="449"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="449"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="449"/>
        <source>操作人员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="450"/>
        <source>说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="500"/>
        <location filename="../../ui/case_view.py" line="501"/>
        <source>未找到符合条件的办件。</source>
        <translation>No case matches.</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="514"/>
        <source>找到 {n} 件，Enter 打开所选办件。</source>
        <translation>{n} cases found; Enter opens the selected case.</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="594"/>
        <source>输入或扫描办件编号查询办件。</source>
        <translation>Type or scan a case number to find a case.</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="605"/>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="606"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="608"/>
        <source>办理事项</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="609"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="612"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="613"/>
        <source>决定时间</source>
        <translation>Decided at</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="617"/>
        <location filename="../../ui/case_view.py" line="622"/>
        <source>（预计，以节假日安排公布后为准）</source>
        <translation> (estimated; final once the holiday schedule is published)</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="618"/>
        <source>承诺办结时间</source>
        <translation>Promised completion</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="623"/>
        <source>法定办结时间</source>
        <translation>Legal deadline</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="625"/>
        <source>不予受理理由</source>
        <translation>Reason for rejection</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="628"/>
        <source>容缺材料</source>
        <translation>Tolerated materials</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="632"/>
        <source>申请人本人</source>
        <translation>The applicant</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="632"/>
        <source>代领人 {name}（{number}）</source>
        <translation>Collected by {name} ({number})</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="634"/>
        <source>出件</source>
        <translation>Hand out</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="658"/>
        <source>系统</source>
        <translation>System</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="660"/>
        <source>平台</source>
        <translation>Platform</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="807"/>
        <source>正在重置查询密码…</source>
        <translation>Resetting the query password…</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="819"/>
        <source>新密码随受理信息报送平台，政务服务网查询使用新密码。</source>
        <translation>The new password is sent to the platform with the acceptance data; queries on the government service website use the new password.</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="821"/>
        <source>办件已报送平台，平台不接收密码重置：政务服务网仍只认原密码，申请人可实名登录政务服务网查询，新通知书上已注明。</source>
        <translation>The case was already sent to the platform, which does not accept password resets: the government service website still accepts only the original password. The applicant can log in to the website under their real name to query; the new notice says so.</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="824"/>
        <source>查询密码已重置</source>
        <translation>Query password reset</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="825"/>
        <source>重置时间</source>
        <translation>Reset at</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="825"/>
        <source>政务服务网</source>
        <translation>Government service website</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="826"/>
        <source>打印新的受理通知书</source>
        <translation>Print new acceptance notice</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="840"/>
        <source>未打印：排除打印机故障后可再按“打印”，或另存为 PDF 后在其他电脑打印。新密码只在这里显示，请勿关闭本窗口。</source>
        <translation>Not printed: press Print again once the printer works, or save as PDF and print on another computer. The new password is shown only here; do not close this window.</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="843"/>
        <source>已另存为 PDF：{path}。</source>
        <translation>Saved as PDF: {path}.</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="845"/>
        <source>已打印新的受理通知书（打印机：{name}）。</source>
        <translation>New acceptance notice printed (printer: {name}).</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="846"/>
        <source>默认</source>
        <translation>default</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="852"/>
        <source>办件 {no} 的查询密码已重置。</source>
        <translation>Query password of case {no} reset.</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="863"/>
        <source>办件状态为「{state}」，尚不能出件。</source>
        <translation>The case is “{state}”; it cannot be handed out yet.</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="888"/>
        <source>值班长批准出件</source>
        <translation>Hand out with supervisor approval</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="898"/>
        <source>{flag}，经 {supervisor} 批准先行出件：{reason}</source>
        <translation>{flag}; handed out early with the approval of {supervisor}: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="914"/>
        <source>正在出件…</source>
        <translation>Handing out the result…</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="924"/>
        <source>办件 {no} 已出件。</source>
        <translation>Case {no} handed out.</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="415"/>
        <location filename="../../ui/case_view.py" line="417"/>
        <source>文书</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="417"/>
        <source>份次</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="417"/>
        <source>版式</source>
        <translation>Layout</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="418"/>
        <source>出具时间</source>
        <translation>Issued at</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="418"/>
        <source>出具人员</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="421"/>
        <source>办件文书</source>
        <translation>Documents of the case</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="425"/>
        <source>打印 (Ctrl+P)</source>
        <translation>Print (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="426"/>
        <source>补打 (Ctrl+Shift+R)</source>
        <translation>Reprint (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="427"/>
        <source>预览 (Ctrl+Shift+P)</source>
        <translation>Preview (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="428"/>
        <source>另存为 PDF (Ctrl+Shift+S)</source>
        <translation>Save as PDF (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="433"/>
        <source>按存档原样打印所选文书（受理通知书不含查询密码）</source>
        <translation>Print the selected document exactly as archived (a receipt without the query password)</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="434"/>
        <source>补打所选文书：按原件内容生成，标注“补打”及次数，存档备查</source>
        <translation>Reprint the selected document: the original&apos;s content, marked as a reprint with its count, archived</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="688"/>
        <source>未出具</source>
        <translation>Not issued</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="690"/>
        <source>补打（第{n}次）</source>
        <translation>Reprint ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="728"/>
        <source>已出具并存档{name}。</source>
        <translation>{name} issued and archived.</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="742"/>
        <source>已打印{name}（打印机：{printer}）。</source>
        <translation>{name} printed (printer: {printer}).</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="754"/>
        <source>该文书尚未出具，请先打印。</source>
        <translation>This document has not been issued yet: print it first.</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="760"/>
        <source>已补打{name}（打印机：{printer}）。</source>
        <translation>{name} reprinted (printer: {printer}).</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="782"/>
        <source>已另存为 {path}</source>
        <translation>Saved as {path}</translation>
    </message>
</context>
<context>
    <name>CatalogBrowser</name>
    <message>
        <location filename="../../ui/catalog_browser.py" line="84"/>
        <source>输入事项名称、拼音首字母或编码…</source>
        <translation>Type an item name, pinyin initials or code…</translation>
    </message>
    <message>
        <location filename="../../ui/catalog_browser.py" line="86"/>
        <source>查找事项</source>
        <translation>Find items</translation>
    </message>
    <message>
        <location filename="../../ui/catalog_browser.py" line="100"/>
        <source>查找结果</source>
        <translation>Search results</translation>
    </message>
    <message>
        <location filename="../../ui/catalog_browser.py" line="106"/>
        <source>↑↓ 选择&#x3000;Enter 打开&#x3000;Esc 清空&#x3000;Ctrl+F 查找</source>
        <translation>↑↓ select   Enter open   Esc clear   Ctrl+F find</translation>
    </message>
    <message>
        <location filename="../../ui/catalog_browser.py" line="152"/>
        <source>事项查询</source>
        <translation>Find items</translation>
    </message>
    <message>
        <location filename="../../ui/catalog_browser.py" line="236"/>
        <source>找到 {n} 项</source>
        <translation>{n} found</translation>
    </message>
    <message>
        <location filename="../../ui/catalog_browser.py" line="238"/>
        <source>没有找到与“{q}”相符的事项</source>
        <translation>Nothing matches “{q}”</translation>
    </message>
    <message>
        <location filename="../../ui/catalog_browser.py" line="241"/>
        <source>目录共 {n} 项，输入关键字查找</source>
        <translation>{n} entries in the catalog — type to search</translation>
    </message>
    <message>
        <location filename="../../ui/catalog_browser.py" line="263"/>
        <source>一件事 · {n} 个事项</source>
        <translation>Package · {n} items</translation>
    </message>
    <message>
        <location filename="../../ui/catalog_browser.py" line="348"/>
        <source>「{name}」未委托政银合作服务点办理，{hall}。</source>
        <translation>“{name}” is not delegated to government–bank service points: {hall} (please go to the government service hall).</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../ui/login.py" line="304"/>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="304"/>
        <source>修改</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="308"/>
        <source>您的密码是管理员设置的临时密码，请先设置自己的密码。</source>
        <translation>Your password is a temporary one set by an administrator; please set your own password first.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="309"/>
        <source>当前密码(&amp;O)：</source>
        <translation>Current passw&amp;ord:</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="310"/>
        <source>新密码(&amp;N)：</source>
        <translation>&amp;New password:</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="311"/>
        <source>确认新密码(&amp;R)：</source>
        <translation>Confi&amp;rm new password:</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="316"/>
        <source>两次输入的新密码不一致。</source>
        <translation>The new passwords do not match.</translation>
    </message>
</context>
<context>
    <name>ChecklistPanel</name>
    <message>
        <location filename="../../ui/intake/checklist.py" line="514"/>
        <source>共 {total} 项材料，已收取或免提交 {provided} 项，尚缺必要材料 {owed} 项</source>
        <translation>{total} materials: {provided} received or exempt, {owed} required still missing</translation>
    </message>
</context>
<context>
    <name>ChoiceFieldWidget</name>
    <message>
        <location filename="../../ui/intake/field_widgets.py" line="355"/>
        <source>请选择</source>
        <translation>Please choose</translation>
    </message>
</context>
<context>
    <name>ConfirmResetDialog</name>
    <message>
        <location filename="../../ui/case_view.py" line="165"/>
        <source>重置查询密码</source>
        <translation>Reset query password</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="168"/>
        <source>办件 {no}：为申请人生成新的查询密码。

请先核验申请人（或代理人及其授权委托书）的有效身份证件。重置后原密码作废，新密码只显示这一次，并打印在新的受理通知书上。</source>
        <translation>Case {no}: create a new query password for the applicant.

First verify the valid ID document of the applicant (or of the agent, with the power of attorney). The reset voids the old password; the new one is shown only once and is printed on a new acceptance notice.</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="176"/>
        <source>已核验身份，重置</source>
        <translation>Identity verified, reset</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="178"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>CredentialsDialog</name>
    <message>
        <location filename="../../ui/login.py" line="184"/>
        <source>密码(&amp;P)：</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="202"/>
        <source>请输入工号。</source>
        <translation>Please enter your Staff ID.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="206"/>
        <source>请输入密码。</source>
        <translation>Please enter the password.</translation>
    </message>
</context>
<context>
    <name>DeadlinesScreen</name>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="140"/>
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="141"/>
        <source>打开办件</source>
        <translation>Open case</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="142"/>
        <source>终止办理…</source>
        <translation>Terminate…</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="149"/>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="149"/>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="149"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="149"/>
        <source>尚缺材料</source>
        <translation>Missing materials</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="150"/>
        <location filename="../../ui/tolerance/deadlines.py" line="168"/>
        <source>补正期限</source>
        <translation>Supplement deadline</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="150"/>
        <source>剩余工作日</source>
        <translation>Working days left</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="150"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="150"/>
        <source>办件状态</source>
        <translation>Case status</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="173"/>
        <source>正常 {n}</source>
        <translation>On time {n}</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="174"/>
        <source>即将到期 {n}</source>
        <translation>Due soon {n}</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="175"/>
        <source>已逾期 {n}</source>
        <translation>Overdue {n}</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="196"/>
        <source>截至 {at}</source>
        <translation>As of {at}</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="202"/>
        <source>{state}（{flag}）</source>
        <translation>{state} ({flag})</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="207"/>
        <source>（预计）</source>
        <translation> (estimated)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="287"/>
        <source>办件 {no} 已终止办理。</source>
        <translation>Case {no} has been terminated.</translation>
    </message>
</context>
<context>
    <name>DecisionActions</name>
    <message>
        <location filename="../../ui/intake/decisions.py" line="469"/>
        <source>（预计，以节假日安排公布后为准）</source>
        <translation> (estimated; final once the holiday schedule is published)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="470"/>
        <source>承诺办结时间</source>
        <translation>Promised completion</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="471"/>
        <location filename="../../ui/intake/decisions.py" line="487"/>
        <location filename="../../ui/intake/decisions.py" line="508"/>
        <source>办理事项</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="472"/>
        <source>受理成功</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="474"/>
        <source>打印受理通知书</source>
        <translation>Print acceptance notice</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="479"/>
        <source>正在受理并生成受理通知书…</source>
        <translation>Accepting and producing the acceptance notice…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="486"/>
        <source>已一次性告知</source>
        <translation>One-time notice given</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="488"/>
        <source>打印一次性告知书</source>
        <translation>Print one-time notice</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="493"/>
        <source>正在生成一次性告知书…</source>
        <translation>Producing the one-time notice of missing materials…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="507"/>
        <source>不予受理</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="509"/>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="510"/>
        <source>说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="511"/>
        <source>打印不予受理通知书</source>
        <translation>Print rejection notice</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="516"/>
        <source>正在生成不予受理通知书…</source>
        <translation>Producing the notice of non-acceptance…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="565"/>
        <source>已另存为 PDF：{path}。可在有打印机的电脑打印后交给申请人。按 Enter 接待下一位。</source>
        <translation>Saved as PDF: {path}. Print it on a computer with a printer and give it to the applicant. Press Enter for the next applicant.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="580"/>
        <source>未打印。办件已按决定保存，文书已存档：排除故障后可再按“打印”，或稍后在“办件查询”中打印或另存为 PDF。</source>
        <translation>Not printed. The case is saved as decided and the document is archived: press Print again once the printer works, or print or save it as PDF later under Cases.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="583"/>
        <source>已打印（打印机：{name}，{pages} 页）。按 Enter 接待下一位。</source>
        <translation>Printed (printer: {name}, {pages} page(s)). Press Enter for the next applicant.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="584"/>
        <source>默认</source>
        <translation>default</translation>
    </message>
</context>
<context>
    <name>DecisionBar</name>
    <message>
        <location filename="../../ui/intake/decisions.py" line="115"/>
        <source>不予受理 (F11)</source>
        <extracomment>Preview the decision&apos;s document in the result dialog (and the case view&apos;s 预览). Save it as PDF (the case view&apos;s 另存为 PDF too). Shortcuts of the decisions. The result dialog&apos;s width before the text asks for more (px), what a frame and title bar take around it, and the least height of a scrolled list of lines.</extracomment>
        <translation>Reject (F11)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="116"/>
        <source>一次性告知 (F10)</source>
        <translation>One-time notice (F10)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="117"/>
        <source>容缺受理 (F12)</source>
        <translation>Tolerance acceptance (F12)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="119"/>
        <source>受理 (Ctrl+Enter / F9)</source>
        <translation>Accept (Ctrl+Enter / F9)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="132"/>
        <source>材料齐全、表单无误时受理，生成办件编号和查询密码</source>
        <translation>Accept when materials and form are complete: creates the case number and query password</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="133"/>
        <source>材料不齐：一次性告知申请人需补齐的全部材料</source>
        <translation>Materials incomplete: tell the applicant once everything still needed</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="134"/>
        <source>不符合受理条件：选择理由并填写说明</source>
        <translation>Not admissible: choose a reason and explain</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="136"/>
        <source>次要材料暂缺：申请人签署承诺书，经值班长审批后容缺受理</source>
        <translation>Minor materials missing: the applicant signs a commitment letter and, after supervisor approval, the case is accepted with tolerance</translation>
    </message>
</context>
<context>
    <name>DecisionResultDialog</name>
    <message>
        <location filename="../../ui/intake/decisions.py" line="216"/>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="222"/>
        <source>查询密码</source>
        <translation>Query password</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="229"/>
        <source>查询密码只显示这一次，系统仅保存其校验值。请告知申请人，并印在受理通知书上。</source>
        <translation>The query password is shown only this once; only its hash is stored. Tell the applicant; it is printed on the acceptance notice.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="254"/>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="258"/>
        <source>另存为 PDF (Ctrl+Shift+S)</source>
        <translation>Save as PDF (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="266"/>
        <location filename="../../ui/intake/decisions.py" line="354"/>
        <source>完成，接待下一位 (Enter)</source>
        <translation>Done, next applicant (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="255"/>
        <source>预览 (Ctrl+Shift+P)</source>
        <translation>Preview (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="328"/>
        <source>打印到本窗口的打印机（打印机设置见“文件”菜单）</source>
        <translation>Print on this counter&apos;s printer (printers: File menu)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="330"/>
        <source>打印功能尚未接入：受理通知书等文书的打印由打印模块提供。</source>
        <translation>Printing is not connected here: documents are printed by the printing module.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="355"/>
        <source>完成，接待下一位 (Esc)</source>
        <translation>Done, next applicant (Esc)</translation>
    </message>
</context>
<context>
    <name>DeskRouter</name>
    <message>
        <location filename="../../ui/intake/wiring.py" line="160"/>
        <source>请先关闭当前对话框，再扫描办件编号。</source>
        <extracomment>How long a status-bar message stays, in milliseconds.</extracomment>
        <translation>Close the current dialog before scanning a case number.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/wiring.py" line="171"/>
        <source>请先关闭当前对话框，再扫描。</source>
        <translation>Close the current dialog before scanning.</translation>
    </message>
</context>
<context>
    <name>DivisionFieldWidget</name>
    <message>
        <location filename="../../ui/intake/field_widgets.py" line="440"/>
        <source>按省、市、县选择 (F4)</source>
        <translation>Choose by province, city, county (F4)</translation>
    </message>
</context>
<context>
    <name>DivisionPicker</name>
    <message>
        <location filename="../../ui/intake/division_picker.py" line="88"/>
        <source>选择行政区划</source>
        <extracomment>The row&apos;s code (``140802``). What the filter matches: the name, the full name (山西省运城市盐湖区) and the code.</extracomment>
        <translation>Choose a division</translation>
    </message>
    <message>
        <location filename="../../ui/intake/division_picker.py" line="94"/>
        <source>输入名称或代码筛选，如 盐湖 或 1408</source>
        <translation>Filter by name or code, e.g. 盐湖 or 1408</translation>
    </message>
    <message>
        <location filename="../../ui/intake/division_picker.py" line="96"/>
        <source>筛选行政区划</source>
        <translation>Filter divisions</translation>
    </message>
    <message>
        <location filename="../../ui/intake/division_picker.py" line="100"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/intake/division_picker.py" line="100"/>
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../ui/intake/division_picker.py" line="113"/>
        <source>行政区划：省、市、县</source>
        <translation>Divisions: province, city, county</translation>
    </message>
    <message>
        <location filename="../../ui/intake/division_picker.py" line="120"/>
        <source>↑↓ 移动，→ 展开，Enter 进入下一级或选定区县，Ctrl+Enter 选定当前项，Esc 取消</source>
        <translation>↑↓ move, → expand, Enter opens the next level or chooses a county, Ctrl+Enter chooses the current row, Esc cancels</translation>
    </message>
    <message>
        <location filename="../../ui/intake/division_picker.py" line="128"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/intake/division_picker.py" line="130"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/intake/division_picker.py" line="207"/>
        <source>请先选择一个行政区划。</source>
        <translation>Choose a division first.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/division_picker.py" line="255"/>
        <source>没有符合“{text}”的行政区划。</source>
        <translation>No division matches “{text}”.</translation>
    </message>
</context>
<context>
    <name>DocumentActions</name>
    <message>
        <location filename="../../ui/documents.py" line="154"/>
        <location filename="../../ui/documents.py" line="213"/>
        <location filename="../../ui/documents.py" line="245"/>
        <source>正在准备预览…</source>
        <translation>Preparing the preview…</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="158"/>
        <location filename="../../ui/documents.py" line="214"/>
        <location filename="../../ui/documents.py" line="249"/>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="182"/>
        <location filename="../../ui/documents.py" line="213"/>
        <location filename="../../ui/documents.py" line="298"/>
        <source>正在生成 PDF…</source>
        <translation>Producing the PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="232"/>
        <source>正在出具文书…</source>
        <translation>Issuing the document…</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="288"/>
        <source>正在补打…</source>
        <translation>Reprinting…</translation>
    </message>
</context>
<context>
    <name>DraftsDialog</name>
    <message>
        <location filename="../../ui/drafts.py" line="72"/>
        <source>继续未完成的受理</source>
        <translation>Resume unfinished intakes</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="78"/>
        <source>以下受理尚未办结（程序上次未正常退出，或曾暂存）。可以继续，也可以放弃。</source>
        <translation>These intakes are unfinished (the program did not exit normally, or they were set aside). Resume or discard them.</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="81"/>
        <source>事项 / 一件事</source>
        <translation>Item / package</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="81"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="82"/>
        <source>最后修改</source>
        <translation>Last changed</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="95"/>
        <source>继续 (Enter)</source>
        <translation>Resume (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="97"/>
        <source>放弃 (Delete)</source>
        <translation>Discard (Delete)</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="99"/>
        <source>稍后 (Esc)</source>
        <translation>Later (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="145"/>
        <source>放弃受理</source>
        <translation>Discard intake</translation>
    </message>
    <message>
        <location filename="../../ui/drafts.py" line="146"/>
        <source>确定放弃这份未完成的受理吗？放弃后不能恢复。</source>
        <translation>Discard this unfinished intake? It cannot be restored.</translation>
    </message>
</context>
<context>
    <name>FeedProblemsDialog</name>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="48"/>
        <source>格式不符</source>
        <extracomment>标记已处理 for the selected items. What kind of problem (``FeedProblem.kind``), as the table says it.</extracomment>
        <translation>Malformed</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="49"/>
        <source>本机无此办件</source>
        <translation>Case not found here</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="50"/>
        <source>无法应用</source>
        <translation>Cannot be applied</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="103"/>
        <source>收到时间</source>
        <extracomment>The most characters of the platform&apos;s text a table cell shows.</extracomment>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="104"/>
        <source>办件编号（平台所发）</source>
        <translation>Case number (as sent)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="105"/>
        <source>状态（平台所发）</source>
        <translation>Status (as sent)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="106"/>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="107"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="108"/>
        <source>处理</source>
        <translation>Handling</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="119"/>
        <location filename="../../ui/sync/feed_problems.py" line="141"/>
        <source>平台数据问题</source>
        <translation>Platform data problems</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="148"/>
        <source>平台所发内容</source>
        <translation>What the platform sent</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="153"/>
        <source>这些平台状态回传未能应用到办件，其后的回传已正常应用。请核对办件并联系平台更正，处理后标记为已处理。</source>
        <translation>These status updates from the platform could not be applied to their cases; the updates after them were applied. Check the case and ask the platform to correct it, then mark it handled.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="158"/>
        <source>显示已处理(&amp;H)</source>
        <translation>Show &amp;handled</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="161"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="162"/>
        <source>标记已处理 (Ctrl+D)</source>
        <translation>Mark handled (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="164"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="201"/>
        <location filename="../../ui/sync/feed_problems.py" line="202"/>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="213"/>
        <source>平台发来的 {n} 条状态回传未能应用，需要人工处理。</source>
        <translation>{n} status update(s) from the platform could not be applied; they need a person.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="217"/>
        <source>没有待处理的平台数据问题。</source>
        <translation>No open platform data problems.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="245"/>
        <source>待处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="246"/>
        <source>已处理（{who}，{at}）</source>
        <translation>Handled ({who}, {at})</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="250"/>
        <source>原因：{reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="251"/>
        <source>收到时间：{at}；游标 {cursor} 之后第 {n} 条</source>
        <translation>Received: {at}; item {n} after cursor {cursor}</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="257"/>
        <source>平台所发内容（共 {size} 字节，以下为前 {n} 个字符）：</source>
        <translation>What the platform sent ({size} bytes; the first {n} characters):</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="260"/>
        <source>平台所发内容：</source>
        <translation>What the platform sent:</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="268"/>
        <source>所选问题已核对处理，不再计入平台数据异常</source>
        <translation>Mark the selected problems as checked and dealt with; they no longer count as a platform data error</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="269"/>
        <location filename="../../ui/sync/feed_problems.py" line="281"/>
        <source>仅值班长或管理员可标记平台数据问题已处理</source>
        <translation>Only a supervisor or an administrator may mark platform data problems handled</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="271"/>
        <source>已选择 {n} 条。</source>
        <translation>{n} selected.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/feed_problems.py" line="295"/>
        <source>已将 {n} 条平台数据问题标记为已处理。</source>
        <translation>{n} platform data problem(s) marked handled.</translation>
    </message>
</context>
<context>
    <name>FieldWidget</name>
    <message>
        <location filename="../../ui/intake/field_widgets.py" line="58"/>
        <source>如 2026-12-07，也可输入 20261207</source>
        <extracomment>Colour of problems and of the required marker. Placeholders that tell the clerk what is expected (translated in FieldWidget.placeholder).</extracomment>
        <translation>e.g. 2026-12-07, or type 20261207</translation>
    </message>
    <message>
        <location filename="../../ui/intake/field_widgets.py" line="59"/>
        <source>11 位手机号</source>
        <translation>11-digit mobile number</translation>
    </message>
    <message>
        <location filename="../../ui/intake/field_widgets.py" line="60"/>
        <source>如 0359-1234567</source>
        <translation>e.g. 0359-1234567</translation>
    </message>
    <message>
        <location filename="../../ui/intake/field_widgets.py" line="61"/>
        <source>18 位身份证号码</source>
        <translation>18-digit ID card number</translation>
    </message>
    <message>
        <location filename="../../ui/intake/field_widgets.py" line="62"/>
        <source>18 位统一社会信用代码</source>
        <translation>18-digit unified social credit code</translation>
    </message>
    <message>
        <location filename="../../ui/intake/field_widgets.py" line="63"/>
        <source>6 位代码，或输入名称后按 Enter / F4 选择</source>
        <translation>6-digit code, or type a name and press Enter / F4</translation>
    </message>
    <message>
        <location filename="../../ui/intake/field_widgets.py" line="64"/>
        <source>如 name@example.com</source>
        <translation>e.g. name@example.com</translation>
    </message>
    <message>
        <location filename="../../ui/intake/field_widgets.py" line="65"/>
        <source>6 位邮政编码</source>
        <translation>6-digit postcode</translation>
    </message>
    <message>
        <location filename="../../ui/intake/field_widgets.py" line="67"/>
        <source>如 {example}，也可输入 {compact}</source>
        <translation>e.g. {example}, or type {compact}</translation>
    </message>
    <message>
        <location filename="../../ui/intake/field_widgets.py" line="68"/>
        <source>{min} 至 {max}</source>
        <translation>{min} to {max}</translation>
    </message>
    <message>
        <location filename="../../ui/intake/field_widgets.py" line="69"/>
        <source>不小于 {min}</source>
        <translation>at least {min}</translation>
    </message>
    <message>
        <location filename="../../ui/intake/field_widgets.py" line="70"/>
        <source>不大于 {max}</source>
        <translation>at most {max}</translation>
    </message>
    <message>
        <location filename="../../ui/intake/field_widgets.py" line="236"/>
        <source>必填</source>
        <extracomment>Characters a number field accepts while typing (full-width from a Chinese input method too).</extracomment>
        <translation>Required</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../../ui/login.py" line="264"/>
        <source>首次启动 — 创建系统管理员</source>
        <translation>First start — create system administrator</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="264"/>
        <source>创建</source>
        <translation>Create</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="265"/>
        <source>退出</source>
        <translation>Exit</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="270"/>
        <source>本机尚无任何用户。请创建系统管理员账号，之后由管理员为窗口人员创建账号。
密码至少 {n} 位，含大写字母、小写字母、数字、符号中的至少三类。</source>
        <translation>There are no users on this computer yet. Create a system administrator account; the administrator then creates accounts for counter staff.
The password must have at least {n} characters and contain at least three of: uppercase letters, lowercase letters, digits, symbols.</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="274"/>
        <source>密码(&amp;P)：</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="275"/>
        <source>确认密码(&amp;R)：</source>
        <translation>Confi&amp;rm password:</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="280"/>
        <source>两次输入的密码不一致。</source>
        <translation>The passwords do not match.</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../ui/login.py" line="75"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="140"/>
        <source>工号</source>
        <translation>Staff ID</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="141"/>
        <source>工号(&amp;U)：</source>
        <translation>Staff ID (&amp;U):</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="149"/>
        <source>姓名(&amp;N)：</source>
        <translation>&amp;Name:</translation>
    </message>
</context>
<context>
    <name>GuidePanel</name>
    <message>
        <location filename="../../ui/intake/guide.py" line="221"/>
        <source>本事项无需情形引导。</source>
        <translation>This item has no situation guide.</translation>
    </message>
</context>
<context>
    <name>HotFolderWatcher</name>
    <message>
        <location filename="../../ui/capture/hotfolder.py" line="105"/>
        <source>文件仍在热文件夹中：{name}。</source>
        <extracomment>Milliseconds between two polls of the folder.</extracomment>
        <translation>The file is still in the hot folder: {name}.</translation>
    </message>
    <message>
        <location filename="../../ui/capture/hotfolder.py" line="106"/>
        <source>文件已移入“{folder}”：{name}。</source>
        <translation>The file was moved to “{folder}”: {name}.</translation>
    </message>
</context>
<context>
    <name>IntakeScreen</name>
    <message>
        <location filename="../../ui/intake/screen.py" line="210"/>
        <source>读身份证 (F2)</source>
        <translation>Read ID card (F2)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="211"/>
        <source>全部收齐 (Ctrl+Shift+A)</source>
        <translation>All received (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="212"/>
        <source>暂存 (Ctrl+S)</source>
        <translation>Set aside (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="213"/>
        <source>把尚未收取的材料全部记为已收取（按要求份数）</source>
        <translation>Mark every material not yet received as received (required copies)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="214"/>
        <source>保存草稿并返回事项查询，稍后可继续</source>
        <translation>Save the draft and go back to the search; resume later</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="260"/>
        <location filename="../../ui/intake/screen.py" line="376"/>
        <source>受理</source>
        <translation>Intake</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="323"/>
        <source>一、情形引导</source>
        <translation>1. Situation guide</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="324"/>
        <source>二、申请表</source>
        <translation>2. Application form</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="325"/>
        <source>三、材料清单</source>
        <translation>3. Materials</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="345"/>
        <source>一件事</source>
        <translation>Package</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="345"/>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="349"/>
        <source>承诺时限：{limit}</source>
        <translation>Promised time limit: {limit}</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="360"/>
        <location filename="../../ui/intake/screen.py" line="363"/>
        <source>申请人类型</source>
        <translation>Applicant type</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="361"/>
        <source>自然人</source>
        <translation>Natural person</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="362"/>
        <source>法人或其他组织</source>
        <translation>Legal person or other organisation</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="372"/>
        <source>请先在“事项查询”中选择事项或一件事（Enter 开始受理）。</source>
        <translation>First choose an item or package in “Find items” (Enter starts the intake).</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="464"/>
        <source>草稿未保存：{reason}</source>
        <translation>Draft not saved: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="468"/>
        <source>草稿保存失败，已记录日志；请勿关闭程序并联系管理员。</source>
        <translation>Saving the draft failed (logged); do not close the program and contact the administrator.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="472"/>
        <source>草稿已自动保存 {time}</source>
        <translation>Draft saved automatically at {time}</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="488"/>
        <source>已暂存，可在“继续未完成的受理”中继续。</source>
        <translation>Set aside; resume it from “Resume unfinished intakes”.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="513"/>
        <source>未配置身份证阅读器，请联系管理员在“采集设备设置”中设置。</source>
        <translation>No ID card reader is configured: ask the administrator to set one up in “Capture devices”.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="520"/>
        <source>正在读取身份证…</source>
        <translation>Reading the ID card…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="527"/>
        <source>未检测到身份证，请将身份证放在阅读器上再读。</source>
        <translation>No ID card detected; place the card on the reader and read again.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="543"/>
        <source>已读取身份证，填入 {n} 项。</source>
        <translation>ID card read; {n} fields filled in.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="545"/>
        <source>注意：该身份证已过有效期。</source>
        <translation>Note: this ID card has expired.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="570"/>
        <source>该申请人办理过业务，可带出上次填写的 {n} 项信息（{fields}）。使用 Alt+U，忽略 Alt+I。</source>
        <translation>This applicant has applied before: {n} values from last time can be filled in ({fields}). Use: Alt+U, ignore: Alt+I.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="589"/>
        <source>已带出上次填写的 {n} 项信息，请与申请人核对。</source>
        <translation>{n} values from last time filled in; check them with the applicant.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="643"/>
        <source>页面未保存</source>
        <translation>Pages not saved</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="686"/>
        <source>导入已完成，但当前无法保存（屏幕已锁定或未登录）；解锁后将自动保存到原受理草稿，请勿退出程序。</source>
        <translation>The import has finished but cannot be saved now (screen locked or nobody logged in); it is saved to its draft automatically after unlocking. Do not quit the program.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="739"/>
        <source>正在保存导入的页面，完成后关闭窗口…</source>
        <translation>Saving the imported pages; the window closes when done…</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="799"/>
        <source>已填入 {n} 项。</source>
        <translation>Filled in {n} fields.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="852"/>
        <source>管理员已停用本窗口的高拍仪</source>
        <translation>The administrator has switched off the document camera at this counter</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="884"/>
        <source>已将 {n} 项材料记为已收取。</source>
        <translation>{n} materials marked as received.</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="909"/>
        <source>材料页面仍在处理中（导入或旋转），请待处理完成后再作决定。</source>
        <translation>Material pages are still being processed (import or rotation); please decide once they are done.</translation>
    </message>
</context>
<context>
    <name>ItemView</name>
    <message>
        <location filename="../../ui/item_view.py" line="78"/>
        <source>政银合作</source>
        <translation>Bank point</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="80"/>
        <location filename="../../ui/item_view.py" line="95"/>
        <source>可容缺受理</source>
        <translation>Tolerance allowed</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="81"/>
        <source>实施编码</source>
        <translation>Implementation code</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="87"/>
        <location filename="../../ui/item_view.py" line="190"/>
        <source>实施部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="88"/>
        <source>事项类型</source>
        <translation>Item type</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="89"/>
        <location filename="../../ui/item_view.py" line="190"/>
        <source>办件类型</source>
        <translation>Case type</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="90"/>
        <source>收费</source>
        <translation>Fee</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="90"/>
        <source>需收费</source>
        <translation>Charged</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="91"/>
        <source>不收费</source>
        <translation>Free of charge</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="92"/>
        <source>法定时限</source>
        <translation>Legal time limit</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="93"/>
        <location filename="../../ui/item_view.py" line="130"/>
        <location filename="../../ui/item_view.py" line="191"/>
        <source>承诺时限</source>
        <translation>Promised time limit</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="94"/>
        <source>可在政银合作点办理</source>
        <translation>At bank service points</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="95"/>
        <source>容缺受理</source>
        <translation>Tolerance (容缺受理)</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="96"/>
        <source>不适用</source>
        <translation>Not applicable</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="116"/>
        <source>按最长承诺时限（{limit}）</source>
        <translation>Longest promised limit of its items ({limit})</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="123"/>
        <source>一件事</source>
        <translation>Package</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="124"/>
        <source>{n} 个事项一次办：一表申请、一套材料</source>
        <translation>{n} items in one go: one form, one set of materials</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="129"/>
        <location filename="../../ui/item_view.py" line="188"/>
        <source>包含事项</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="129"/>
        <source>{n} 个</source>
        <translation>{n}</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="131"/>
        <source>涉及部门</source>
        <translation>Departments</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="132"/>
        <source>材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="132"/>
        <source>合并后 {n} 项</source>
        <translation>{n} after merging</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="159"/>
        <source>共 {n} 项</source>
        <translation>{n} in total</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="189"/>
        <location filename="../../ui/item_view.py" line="234"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="189"/>
        <source>事项名称</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="195"/>
        <source>情形引导</source>
        <translation>Situation guide</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="197"/>
        <source>无需选择情形，所有申请人提交相同的材料。</source>
        <translation>No questions: every applicant supplies the same materials.</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="199"/>
        <source>选项：</source>
        <translation>Options: </translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="200"/>
        <source>涉及事项：</source>
        <translation>Asked for: </translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="223"/>
        <source>{limit}内补交</source>
        <translation>supply within {limit}</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="234"/>
        <source>材料名称</source>
        <translation>Material</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="235"/>
        <source>必要性</source>
        <translation>Necessity</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="235"/>
        <source>份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="236"/>
        <source>原件</source>
        <translation>Original</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="236"/>
        <source>审核要点</source>
        <translation>Audit points</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="237"/>
        <location filename="../../ui/item_view.py" line="263"/>
        <source>适用情形</source>
        <translation>Applies when</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="241"/>
        <location filename="../../ui/item_view.py" line="266"/>
        <source>所属事项</source>
        <translation>For items</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="242"/>
        <source>申请材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="244"/>
        <source>无需提交材料。</source>
        <translation>No materials needed.</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="262"/>
        <source>字段名称</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="262"/>
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="263"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="267"/>
        <source>表单字段</source>
        <translation>Form fields</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="311"/>
        <source>在左侧搜索框输入事项名称、拼音首字母或编码，选中结果即可查看办事指南。</source>
        <translation>Type an item name, pinyin initials or code in the search box on the left and select a result to read its guide.</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="318"/>
        <source>事项目录中没有实施编码为 {code} 的事项。</source>
        <translation>The catalog has no item with implementation code {code}.</translation>
    </message>
    <message>
        <location filename="../../ui/item_view.py" line="326"/>
        <source>事项目录中没有编号为 {id} 的“一件事”。</source>
        <translation>The catalog has no package with id {id}.</translation>
    </message>
</context>
<context>
    <name>LockController</name>
    <message>
        <location filename="../../ui/lock.py" line="298"/>
        <source>锁定屏幕(&amp;L)</source>
        <translation>&amp;Lock screen</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../ui/lock.py" line="152"/>
        <location filename="../../ui/lock.py" line="158"/>
        <source>屏幕已锁定</source>
        <extracomment>Events that count as the user being there. 锁定屏幕 (Ctrl+L is taken: it focuses the search box of 办件查询; docs/keyboard.md).</extracomment>
        <translation>Screen locked</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="163"/>
        <source>{name}（工号 {user_id}）已锁定此窗口，请输入密码解锁。</source>
        <translation>{name} (Staff ID {user_id}) has locked this window. Enter the password to unlock.</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="168"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="171"/>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="175"/>
        <location filename="../../ui/lock.py" line="230"/>
        <source>切换用户</source>
        <translation>Switch user</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="219"/>
        <source>请输入密码。</source>
        <translation>Please enter the password.</translation>
    </message>
    <message>
        <location filename="../../ui/lock.py" line="231"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login.py" line="237"/>
        <source>登录 — 综窗受理台</source>
        <translation>Log in — Counter Desk</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="237"/>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="238"/>
        <source>退出</source>
        <translation>Exit</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="249"/>
        <source>须先修改临时密码才能使用。</source>
        <translation>You must change your temporary password before continuing.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="215"/>
        <source>文件(&amp;F)</source>
        <extracomment>The order of the screens in the 视图 menu, which is the order of their ``Ctrl+&lt;n&gt;`` (only the screens the user may use are numbered); screens not named here follow, as added.</extracomment>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="222"/>
        <source>退出(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="228"/>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="229"/>
        <source>查找事项(&amp;F)</source>
        <translation>&amp;Find items</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="231"/>
        <source>按名称、拼音首字母或编码查找事项和一件事</source>
        <translation>Find items and packages by name, pinyin initials or code</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="235"/>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="239"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="240"/>
        <source>关于综窗受理台(&amp;A)</source>
        <translation>&amp;About Counter Desk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="254"/>
        <location filename="../../ui/startup.py" line="59"/>
        <source>数据目录：{path}</source>
        <translation>Data directory: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="340"/>
        <location filename="../../ui/startup.py" line="51"/>
        <source>综窗受理台</source>
        <translation>Counter Desk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="353"/>
        <source>目录版本：{version}</source>
        <translation>Catalog version: {version}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="373"/>
        <source>关于综窗受理台</source>
        <translation>About Counter Desk</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="382"/>
        <source>&lt;h3&gt;综窗受理台 Counter Desk&lt;/h3&gt;&lt;p&gt;版本 {version}&lt;br/&gt;事项目录版本 {catalog}&lt;/p&gt;&lt;p&gt;政务服务大厅综合窗口受理客户端：查找事项、情形引导、一表申请、一次性告知。&lt;/p&gt;&lt;p&gt;界面字体：文泉驿微米黑（WenQuanYi Micro Hei），随程序分发，许可协议为 {licence}，许可全文见 resources/fonts/wqy-microhei.LICENSE.txt。&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Counter Desk 综窗受理台&lt;/h3&gt;&lt;p&gt;Version {version}&lt;br/&gt;Catalog version {catalog}&lt;/p&gt;&lt;p&gt;Client for the comprehensive windows of government service halls: find items, situation guide, one form, one-time notice.&lt;/p&gt;&lt;p&gt;Interface font: WenQuanYi Micro Hei (文泉驿微米黑), distributed with the program under {licence}; full text in resources/fonts/wqy-microhei.LICENSE.txt.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="216"/>
        <source>打印机设置(&amp;P)…</source>
        <translation>&amp;Printers…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="217"/>
        <source>选择本窗口的 A4 文书打印机和 80 毫米回执打印机</source>
        <translation>Choose this counter&apos;s A4 printer and 80 mm receipt printer</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="343"/>
        <source> — {name}（{user_id}，{role}）</source>
        <translation> — {name} ({user_id}, {role})</translation>
    </message>
</context>
<context>
    <name>MaterialPagesWidget</name>
    <message>
        <location filename="../../ui/capture/pages.py" line="249"/>
        <source>导入文件…</source>
        <extracomment>``writer(draft_id, change, again) -&gt; (result, shown)``: applies ``change`` (a function of an :class:`Intake`) to the draft ``draft_id`` — the one on screen (``shown`` True: the widget emits ``changed`` and the screen saves it) or the stored one (saved by the writer). When it cannot store now (a locked screen) it keeps ``again`` to call later and returns ``(None, False)``. Raises a :class:`CounterError` when the draft cannot take the change. The file dialog&apos;s filter. the devices at the counter (``ctx.devices``): the cameras; None: 拍照 and 高拍仪 are disabled (a strip without the GUI&apos;s devices) who reads and turns the pages (default: the logged-in user, see :func:`logged_in`) the document camera&apos;s driver (高拍仪); the intake screen sets the counter&apos;s own</extracomment>
        <translation>Import files…</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="250"/>
        <source>导入图片或 PDF（Ctrl+O），也可将文件拖到此处</source>
        <translation>Import images or PDFs (Ctrl+O), or drag files here</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="252"/>
        <source>左转</source>
        <translation>Rotate left</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="253"/>
        <source>逆时针旋转所选页面（Shift+R）</source>
        <translation>Rotate the selected pages counterclockwise (Shift+R)</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="255"/>
        <source>右转</source>
        <translation>Rotate right</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="256"/>
        <source>顺时针旋转所选页面（R）</source>
        <translation>Rotate the selected pages clockwise (R)</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="258"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="259"/>
        <source>从本材料中删除所选页面（Del）</source>
        <translation>Delete the selected pages from these materials (Del)</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="261"/>
        <location filename="../../ui/capture/pages.py" line="383"/>
        <source>拍照</source>
        <translation>Take photo</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="266"/>
        <source>本窗口未配置摄像头</source>
        <translation>No camera is configured for this window</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="268"/>
        <source>用摄像头拍摄本材料的页面（空格或回车拍照）</source>
        <translation>Photograph pages of these materials with the camera (Space or Enter to capture)</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="270"/>
        <source>高拍仪</source>
        <translation>Document camera</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="273"/>
        <location filename="../../ui/intake/screen.py" line="851"/>
        <source>用高拍仪主摄像头拍摄一页</source>
        <translation>Capture one page with the document camera&apos;s main lens</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="274"/>
        <source>本窗口未配置高拍仪</source>
        <translation>No document camera is configured for this window</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="276"/>
        <source>纸质材料，未扫描</source>
        <translation>Paper materials, not scanned</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="281"/>
        <source>正在处理…</source>
        <translation>Processing…</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="375"/>
        <source>导入材料页面</source>
        <translation>Import material pages</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="410"/>
        <source>正在用高拍仪拍摄…</source>
        <translation>Capturing with the document camera…</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="461"/>
        <source>拍摄的页面未保存，需要时请重新拍摄。</source>
        <translation>The captured pages were not saved; take them again if needed.</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="482"/>
        <source>导入的 {n} 页</source>
        <translation>The {n} imported pages</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="531"/>
        <source>旋转后的页面</source>
        <translation>The turned page</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="562"/>
        <source>已删除第 {n} 页。</source>
        <translation>Page {n} deleted.</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="622"/>
        <source>查看原图</source>
        <translation>View original</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="623"/>
        <source>右转 (R)</source>
        <translation>Rotate right (R)</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="624"/>
        <source>左转 (Shift+R)</source>
        <translation>Rotate left (Shift+R)</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="625"/>
        <source>前移 (Ctrl+←)</source>
        <translation>Move up (Ctrl+←)</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="626"/>
        <source>后移 (Ctrl+→)</source>
        <translation>Move down (Ctrl+→)</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="627"/>
        <source>删除 (Del)</source>
        <translation>Delete (Del)</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="670"/>
        <source>导入完成，已保存到原受理草稿（不在当前屏幕）：</source>
        <translation>Import finished and saved to its draft (not the one on screen):</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="685"/>
        <source>{what}在受理决定之后才处理完，未保存：该申请已办结（办件编号 {case_no}）。</source>
        <translation>{what} finished only after the decision and were not saved: the application has been decided (case no. {case_no}).</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="688"/>
        <source>{what}处理完时该受理草稿已放弃，未保存。</source>
        <translation>{what} finished after the draft was discarded and were not saved.</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="690"/>
        <source>{what}未保存：{reason}</source>
        <translation>{what} not saved: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="705"/>
        <source>原文件仍在“{folder}”中：{names}。</source>
        <translation>The original files are still in “{folder}”: {names}.</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="707"/>
        <source>原文件仍在原处：{names}。</source>
        <translation>The original files are still where they were: {names}.</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="744"/>
        <source>第 {n} 页</source>
        <translation>Page {n}</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="744"/>
        <source>疑似空白</source>
        <translation>Possibly blank</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="756"/>
        <source>共 {n} 页</source>
        <translation>{n} pages</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="758"/>
        <source>，{n} 页疑似空白</source>
        <translation>, {n} possibly blank</translation>
    </message>
</context>
<context>
    <name>MaterialRow</name>
    <message>
        <location filename="../../ui/intake/checklist.py" line="109"/>
        <source>已收取</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="112"/>
        <source>免提交（电子证照）</source>
        <translation>Exempt (e-licence)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="114"/>
        <source>未提交</source>
        <translation>Not supplied</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="116"/>
        <source>{name}收取情况</source>
        <translation>{name}: received?</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="120"/>
        <location filename="../../ui/intake/checklist.py" line="123"/>
        <source>收取份数</source>
        <translation>Copies received</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="134"/>
        <source>电子证照编号（可不填）</source>
        <translation>E-licence number (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="135"/>
        <source>电子证照编号</source>
        <translation>E-licence number</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="167"/>
        <source>份数：{n}</source>
        <translation>Copies: {n}</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="168"/>
        <source>原件：{handling}</source>
        <translation>Original: {handling}</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="170"/>
        <source>容缺补交时限：{limit}</source>
        <translation>Supply within: {limit}</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="172"/>
        <source>可调取电子证照：{type}</source>
        <translation>E-licence available: {type}</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="175"/>
        <source>服务事项：{items}</source>
        <translation>For items: {items}</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="178"/>
        <source>已收取原件</source>
        <translation>Original kept</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="180"/>
        <source>已核验原件</source>
        <translation>Original checked</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="218"/>
        <source>已扫描 {n} 页</source>
        <translation>{n} pages scanned</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="219"/>
        <source>纸质，未扫描</source>
        <translation>Paper, not scanned</translation>
    </message>
</context>
<context>
    <name>NewUserDialog</name>
    <message>
        <location filename="../../ui/admin/users_page.py" line="79"/>
        <source>新建用户</source>
        <translation>New user</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="79"/>
        <source>创建</source>
        <translation>Create</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="82"/>
        <source>新用户首次登录时须修改临时密码。</source>
        <translation>New users must change the temporary password at first login.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="86"/>
        <source>角色：</source>
        <translation>Roles:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="87"/>
        <source>临时密码(&amp;P)：</source>
        <translation>Temporary &amp;password:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="88"/>
        <source>确认密码(&amp;R)：</source>
        <translation>Confi&amp;rm password:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="93"/>
        <source>两次输入的密码不一致。</source>
        <translation>The passwords do not match.</translation>
    </message>
</context>
<context>
    <name>OwedPickupDialog</name>
    <message>
        <location filename="../../ui/tolerance/pickup.py" line="30"/>
        <source>请首席代表或值班长输入本人工号和密码，批准容缺材料未补齐的办件先行出件。办理出件的工作人员不能自行批准。</source>
        <translation>A supervisor enters their own Staff ID and password to approve handing out a case whose tolerated materials are still missing. The clerk handing out cannot approve it.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/pickup.py" line="56"/>
        <source>暂不能出件</source>
        <translation>Cannot hand out yet</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/pickup.py" line="59"/>
        <source>办件 {no}：{name}</source>
        <translation>Case {no}: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/pickup.py" line="62"/>
        <source>出件前须补齐容缺材料：{names}。</source>
        <translation>The tolerated materials must be supplied before hand-out: {names}.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/pickup.py" line="68"/>
        <source>申请人补交后请按 F7 办理补正，再出件。确需先行出件的，由首席代表或值班长说明理由并输入本人工号和密码批准；批准记入审计日志和办理过程，申请人仍须按承诺补交。</source>
        <translation>Once the applicant supplies them, press F7 to record the supplement, then hand out. If it truly cannot wait, a supervisor states the reason and approves with their own Staff ID and password; the approval is recorded in the audit log and the case history, and the applicant must still supply the materials as promised.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/pickup.py" line="76"/>
        <source>先行出件的理由（批准出件时必填）</source>
        <translation>Reason for handing out early (required for approval)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/pickup.py" line="82"/>
        <source>值班长批准出件…</source>
        <translation>Hand out with supervisor approval…</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/pickup.py" line="85"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/pickup.py" line="104"/>
        <source>请填写先行出件的理由。</source>
        <translation>Enter the reason for handing out early.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/pickup.py" line="108"/>
        <source>先行出件的理由不能超过 {n} 个字。</source>
        <translation>The reason for handing out early may not exceed {n} characters.</translation>
    </message>
</context>
<context>
    <name>PageViewer</name>
    <message>
        <location filename="../../ui/capture/pages.py" line="825"/>
        <source>查看原图</source>
        <translation>View original</translation>
    </message>
    <message>
        <location filename="../../ui/capture/pages.py" line="856"/>
        <source>第 {n} 页 / 共 {total} 页&#x3000;{w}×{h} 像素</source>
        <translation>Page {n} of {total}   {w}×{h} px</translation>
    </message>
</context>
<context>
    <name>PickupDialog</name>
    <message>
        <location filename="../../ui/case_view.py" line="241"/>
        <source>出件</source>
        <translation>Hand out</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="244"/>
        <source>办件 {no}：{name}</source>
        <translation>Case {no}: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="251"/>
        <source>申请人本人领取</source>
        <translation>Collected by the applicant</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="251"/>
        <source>他人代领</source>
        <translation>Collected by someone else</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="252"/>
        <source>领取人</source>
        <translation>Collected by</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="266"/>
        <source>代领人姓名</source>
        <translation>Collector&apos;s name</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="267"/>
        <source>证件类型</source>
        <translation>Document type</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="268"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="278"/>
        <source>确认出件</source>
        <translation>Confirm hand-out</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="309"/>
        <source>请填写代领人姓名</source>
        <translation>Enter the collector&apos;s name</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="311"/>
        <source>请填写代领人证件号码</source>
        <translation>Enter the collector&apos;s ID number</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="314"/>
        <source>代领人证件号码有误：{reason}</source>
        <translation>The collector&apos;s ID number is invalid: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="317"/>
        <source>证件号码应为1至30位字母或数字</source>
        <translation>An ID number has 1 to 30 letters or digits</translation>
    </message>
</context>
<context>
    <name>PrefillBanner</name>
    <message>
        <location filename="../../ui/intake/screen.py" line="105"/>
        <source>使用(&amp;U)</source>
        <extracomment>Milliseconds after the last keystroke before the draft is saved. Milliseconds between two tries to store an import that ended while no one could save (the screen locked, 切换用户 under way). The site setting (``ctx.site.setting``) naming this counter&apos;s hot folder (热文件夹). The site setting naming this counter&apos;s document-camera driver (高拍仪驱动服务): a WebSocket URL or a JSON object of DriverConfig fields; unset: ws://127.0.0.1:12345, main camera. The field that identifies the applicant, by applicant kind (prefill is offered on it).</extracomment>
        <translation>&amp;Use</translation>
    </message>
    <message>
        <location filename="../../ui/intake/screen.py" line="106"/>
        <source>忽略(&amp;I)</source>
        <translation>&amp;Ignore</translation>
    </message>
</context>
<context>
    <name>PrinterSettingsDialog</name>
    <message>
        <location filename="../../ui/printer_settings.py" line="55"/>
        <source>打印机设置</source>
        <translation>Printers</translation>
    </message>
    <message>
        <location filename="../../ui/printer_settings.py" line="59"/>
        <source>本窗口（{counter}）打印文书使用的打印机，按纸张分别设置，保存在本机数据库中。</source>
        <translation>The printers this counter ({counter}) prints documents on, one per paper, kept in this store.</translation>
    </message>
    <message>
        <location filename="../../ui/printer_settings.py" line="67"/>
        <source>系统默认打印机</source>
        <translation>System default printer</translation>
    </message>
    <message>
        <location filename="../../ui/printer_settings.py" line="68"/>
        <source>（本机未设置）</source>
        <translation> (none set on this machine)</translation>
    </message>
    <message>
        <location filename="../../ui/printer_settings.py" line="69"/>
        <source>不使用（回执和出件单用 A4 打印）</source>
        <translation>None (receipts and pickup slips on A4)</translation>
    </message>
    <message>
        <location filename="../../ui/printer_settings.py" line="78"/>
        <source>{name}（未找到）</source>
        <translation>{name} (not found)</translation>
    </message>
    <message>
        <location filename="../../ui/printer_settings.py" line="84"/>
        <source>系统中没有找到打印机：请先安装打印机；文书仍可在办件查询中另存为 PDF。</source>
        <translation>No printer found on this system: install one first; documents can still be saved as PDF under Cases.</translation>
    </message>
    <message>
        <location filename="../../ui/printer_settings.py" line="92"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/printer_settings.py" line="119"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>QuestionRow</name>
    <message>
        <location filename="../../ui/intake/guide.py" line="190"/>
        <source>适用事项：{items}</source>
        <translation>Asked for: {items}</translation>
    </message>
</context>
<context>
    <name>ReconciliationDialog</name>
    <message>
        <location filename="../../ui/sync/reconcile.py" line="26"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/sync/reconcile.py" line="27"/>
        <source>本地</source>
        <translation>Local</translation>
    </message>
    <message>
        <location filename="../../ui/sync/reconcile.py" line="28"/>
        <source>平台已确认</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <location filename="../../ui/sync/reconcile.py" line="29"/>
        <source>待发送</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../ui/sync/reconcile.py" line="30"/>
        <source>被退回</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../ui/sync/reconcile.py" line="31"/>
        <source>差额</source>
        <translation>Difference</translation>
    </message>
    <message>
        <location filename="../../ui/sync/reconcile.py" line="32"/>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../../ui/sync/reconcile.py" line="33"/>
        <source>决定</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../ui/sync/reconcile.py" line="34"/>
        <source>同步状态</source>
        <translation>Sync state</translation>
    </message>
    <message>
        <location filename="../../ui/sync/reconcile.py" line="35"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/sync/reconcile.py" line="74"/>
        <source>日结对账</source>
        <translation>Daily reconciliation</translation>
    </message>
    <message>
        <location filename="../../ui/sync/reconcile.py" line="79"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/sync/reconcile.py" line="86"/>
        <source>重新对账</source>
        <translation>Reconcile again</translation>
    </message>
    <message>
        <location filename="../../ui/sync/reconcile.py" line="99"/>
        <source>差异明细</source>
        <translation>Differences</translation>
    </message>
    <message>
        <location filename="../../ui/sync/reconcile.py" line="105"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/sync/reconcile.py" line="140"/>
        <source>无同步事件</source>
        <translation>No sync event</translation>
    </message>
    <message>
        <location filename="../../ui/sync/reconcile.py" line="150"/>
        <source>{day}：已平。{n} 件决定均已由平台确认。</source>
        <translation>{day}: balanced. All {n} decisions were acknowledged by the platform.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/reconcile.py" line="154"/>
        <source>{day}：有 {n} 处差异，见下方明细。</source>
        <translation>{day}: {n} difference(s), listed below.</translation>
    </message>
</context>
<context>
    <name>RefuseDialog</name>
    <message>
        <location filename="../../ui/tolerance/approval.py" line="169"/>
        <source>不同意容缺受理</source>
        <translation>Refuse tolerance acceptance</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/approval.py" line="175"/>
        <source>请选择理由</source>
        <translation>Choose a reason</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/approval.py" line="178"/>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/approval.py" line="182"/>
        <source>补充说明（选填）</source>
        <translation>Additional notes (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/approval.py" line="184"/>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/approval.py" line="189"/>
        <source>不同意</source>
        <translation>Refuse</translation>
    </message>
</context>
<context>
    <name>RefusedDialog</name>
    <message>
        <location filename="../../ui/sync/refused.py" line="78"/>
        <source>办件编号</source>
        <extracomment>重新发送 the selected events.</extracomment>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="79"/>
        <source>事件</source>
        <translation>Event</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="80"/>
        <source>发生时间</source>
        <translation>Occurred</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="81"/>
        <source>退回时间</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="82"/>
        <source>平台说明</source>
        <translation>Platform&apos;s reason</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="83"/>
        <source>其后待发</source>
        <translation>Waiting behind</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="94"/>
        <location filename="../../ui/sync/refused.py" line="115"/>
        <source>被退回的事件</source>
        <translation>Refused events</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="129"/>
        <source>平台拒收的事件不会自动重试：请按平台说明更正（如补录事项目录、核对证件号码），然后重新发送。同一办件的后续事件在其后等待。</source>
        <translation>Refused events are not retried automatically: correct what the platform names (e.g. publish the item, check the ID number), then send again. The case&apos;s later events wait behind it.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="134"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="135"/>
        <source>打开办件 (Enter)</source>
        <translation>Open case (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="136"/>
        <source>重新发送 (Ctrl+R)</source>
        <translation>Send again (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="138"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="174"/>
        <source>{kind}（第 {seq} 条）</source>
        <translation>{kind} (event {seq})</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="185"/>
        <source>平台退回了 {n} 条事件，需要人工处理。</source>
        <translation>The platform refused {n} event(s); they need a person.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="188"/>
        <source>没有被平台退回的事件。</source>
        <translation>No events refused by the platform.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="215"/>
        <source>办件 {no} 的{kind}事件被平台退回（HTTP {status}，{code}）：</source>
        <translation>The {kind} event of case {no} was refused by the platform (HTTP {status}, {code}):</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="218"/>
        <source>平台未说明原因</source>
        <translation>The platform gave no reason</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="222"/>
        <source>该办件其后还有 {n} 条事件在等待。</source>
        <translation>{n} later event(s) of this case are waiting.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="229"/>
        <source>将所选事件重新排入发送队列</source>
        <translation>Queue the selected events again</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="230"/>
        <location filename="../../ui/sync/refused.py" line="243"/>
        <source>仅值班长或管理员可重新发送被退回的事件</source>
        <translation>Only a supervisor or an administrator may send refused events again</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="233"/>
        <source>已选择 {n} 条事件。</source>
        <translation>{n} events selected.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/refused.py" line="257"/>
        <source>已重新发送 {n} 条事件，等待平台确认。</source>
        <translation>{n} event(s) queued again, waiting for the platform.</translation>
    </message>
</context>
<context>
    <name>RejectDialog</name>
    <message>
        <location filename="../../ui/intake/decisions.py" line="371"/>
        <location filename="../../ui/intake/decisions.py" line="392"/>
        <source>不予受理</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="376"/>
        <source>请选择理由</source>
        <translation>Choose a reason</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="382"/>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="385"/>
        <location filename="../../ui/intake/decisions.py" line="413"/>
        <source>具体说明（必填，将印在不予受理通知书上）</source>
        <translation>Explanation (required; printed on the rejection notice)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="387"/>
        <source>说明</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <location filename="../../ui/intake/decisions.py" line="410"/>
        <source>写明应向哪个行政机关申请（必填，将印在不予受理通知书上），如：运城市市场监督管理局</source>
        <translation>Name the administrative body to apply to (required; printed on the rejection notice), e.g. 运城市市场监督管理局</translation>
    </message>
</context>
<context>
    <name>RequestDialog</name>
    <message>
        <location filename="../../ui/tolerance/request.py" line="94"/>
        <source>申请容缺受理</source>
        <extracomment>The scratch material the signed commitment is captured into. Approval modes of :attr:`RequestDialog.submitted`.</extracomment>
        <translation>Request tolerance acceptance</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/request.py" line="100"/>
        <source>容缺受理：{name}</source>
        <translation>Tolerance acceptance: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/request.py" line="128"/>
        <source>请按“取消”回到申请表改正后再按 F12：已填写的理由、已采集的签字页会保留。</source>
        <translation>Press Cancel to go back to the application form, correct it, then press F12 again: the reason entered and the captured signature page are kept.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/request.py" line="136"/>
        <source>一、容缺材料（申请人承诺限期补交）</source>
        <translation>1. Tolerated materials (the applicant promises to supply them in time)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/request.py" line="141"/>
        <source>{name}&#x3000;补交时限：{limit}，如现在受理应于 {deadline} 前补交</source>
        <translation>{name}   Supply within: {limit}; if accepted now, due by {deadline}</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/request.py" line="152"/>
        <source>二、申请理由（供值班长审批）</source>
        <translation>2. Reason for the request (for supervisor approval)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/request.py" line="156"/>
        <source>例如：申请人已在办理该证明，承诺按期补交（必填）</source>
        <translation>e.g. The applicant is already obtaining this certificate and promises to supply it in time (required)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/request.py" line="162"/>
        <source>三、打印容缺受理告知承诺书，由申请人签字后采集签字页</source>
        <translation>3. Print the tolerance acceptance commitment letter; after the applicant signs it, capture the signature page</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/request.py" line="163"/>
        <source>打印承诺书 (Ctrl+P)</source>
        <translation>Print commitment letter (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/request.py" line="169"/>
        <source>预览 (Ctrl+Shift+P)</source>
        <translation>Preview (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/request.py" line="171"/>
        <source>另存为 PDF (Ctrl+Shift+S)</source>
        <translation>Save as PDF (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/request.py" line="195"/>
        <source>提交，值班长当面审批 (Ctrl+Enter)</source>
        <translation>Submit for supervisor approval in person (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/request.py" line="198"/>
        <source>提交审批队列</source>
        <translation>Submit to approval queue</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/request.py" line="201"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/request.py" line="271"/>
        <source>正在提交并核查申请人信用…</source>
        <translation>Submitting and checking the applicant&apos;s credit…</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/request.py" line="282"/>
        <source>请勾选要容缺的材料。</source>
        <translation>Tick the materials to tolerate.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/request.py" line="286"/>
        <source>请填写申请容缺受理的理由。</source>
        <translation>Enter the reason for requesting tolerance acceptance.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/request.py" line="290"/>
        <source>签字页正在处理，请稍候。</source>
        <translation>The signature page is still processing; please wait.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/request.py" line="293"/>
        <source>请先打印承诺书，由申请人签字后采集签字页（Ctrl+O 导入）。</source>
        <translation>Print the commitment letter first, have the applicant sign it, then capture the signature page (Ctrl+O to import).</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <location filename="../../ui/admin/users_page.py" line="111"/>
        <source>重置密码</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="111"/>
        <source>重置</source>
        <translation>Reset</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="113"/>
        <source>为 {name}（{user_id}）设置临时密码；该用户下次登录时须修改。重置也会解除因密码错误造成的锁定。</source>
        <translation>Set a temporary password for {name} ({user_id}); the user must change it at next login. Resetting also clears any lockout caused by wrong passwords.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="116"/>
        <source>临时密码(&amp;P)：</source>
        <translation>Temporary &amp;password:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="117"/>
        <source>确认密码(&amp;R)：</source>
        <translation>Confi&amp;rm password:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="122"/>
        <source>两次输入的密码不一致。</source>
        <translation>The passwords do not match.</translation>
    </message>
</context>
<context>
    <name>ResultDelegate</name>
    <message>
        <location filename="../../ui/result_list.py" line="124"/>
        <source>一件事</source>
        <translation>Package</translation>
    </message>
    <message>
        <location filename="../../ui/result_list.py" line="126"/>
        <source>政银</source>
        <translation>Bank</translation>
    </message>
    <message>
        <location filename="../../ui/result_list.py" line="128"/>
        <source>请到政务服务大厅办理</source>
        <translation>Hall only</translation>
    </message>
</context>
<context>
    <name>RolesDialog</name>
    <message>
        <location filename="../../ui/admin/users_page.py" line="134"/>
        <source>设置角色</source>
        <translation>Set roles</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="134"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="136"/>
        <source>{name}（{user_id}）的角色：</source>
        <translation>Roles of {name} ({user_id}):</translation>
    </message>
</context>
<context>
    <name>Runner</name>
    <message>
        <location filename="../../ui/ops.py" line="300"/>
        <source>正在处理，请稍候…</source>
        <extracomment>The busy indicator shows when an operation still runs after this long (ms). Python&apos;s thread switch interval while a runner exists (s): how long the GUI thread waits at most for the interpreter lock while the worker runs Python code.</extracomment>
        <translation>Working, please wait…</translation>
    </message>
</context>
<context>
    <name>ScanRouter</name>
    <message>
        <location filename="../../ui/scanner.py" line="281"/>
        <source>请先开始受理，再扫描此条码。</source>
        <extracomment>Fewest characters (before the Enter) that count as a scan, whatever they are. Fewest characters (before the Enter) of a short scan (a bare queue ticket such as ``A023`` is the shortest code a counter scans). Largest gap between two key presses of a scan, in milliseconds. Keys pressed alone that never end a burst (a scanner&apos;s Shift before each capital …). Modifiers a scanner may send with a printable character (Shift for capitals, keypad digits).</extracomment>
        <translation>Start an acceptance before scanning this barcode.</translation>
    </message>
</context>
<context>
    <name>SitePage</name>
    <message>
        <location filename="../../ui/admin/site_page.py" line="69"/>
        <source>6 位区划代码</source>
        <translation>6-digit division code</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="70"/>
        <source>3 位数字</source>
        <translation>3 digits</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="71"/>
        <source>2 位数字</source>
        <translation>2 digits</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="72"/>
        <source>印在文书上，如：某某区政务服务中心</source>
        <translation>Printed on documents, e.g. XX District Government Service Center</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="73"/>
        <source>如：综合受理 7 号窗口</source>
        <translation>e.g. General Acceptance Window 7</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="74"/>
        <source>对外咨询电话</source>
        <translation>Public enquiry phone</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="76"/>
        <source>目录未写明时使用，如：运城市盐湖区人民政府</source>
        <translation>Used when the catalog does not name one, e.g. Yanhu District People&apos;s Government, Yuncheng</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="77"/>
        <source>目录未写明时使用，如：运城市盐湖区人民法院</source>
        <translation>Used when the catalog does not name one, e.g. Yanhu District People&apos;s Court, Yuncheng</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="82"/>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="85"/>
        <source>站点类型(&amp;K)：</source>
        <translation>Site &amp;kind:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="86"/>
        <source>区划代码：</source>
        <translation>Division code:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="87"/>
        <source>站点编号：</source>
        <translation>Site number:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="88"/>
        <source>窗口编号：</source>
        <translation>Window number:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="89"/>
        <source>站点名称：</source>
        <translation>Site name:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="90"/>
        <source>窗口名称：</source>
        <translation>Window name:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="91"/>
        <source>联系电话：</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="92"/>
        <source>行政复议机关：</source>
        <translation>Administrative review body:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="93"/>
        <source>行政诉讼法院：</source>
        <translation>Court for administrative litigation:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="94"/>
        <source>查询网址模板：</source>
        <translation>Query URL template:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="95"/>
        <source>空闲锁屏：</source>
        <translation>Idle lock:</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="96"/>
        <source>政银合作服务点只能办理目录中委托给服务点的事项；其他事项显示为“请到政务服务大厅办理”。区划、站点、窗口编号组成办件编号，请勿与其他窗口重复。</source>
        <translation>Bank–government service points can only handle items delegated to them in the catalog; other items show “Please go to the government service hall”. The division code, site number and window number form the case number; do not reuse them on another window.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="103"/>
        <source>保存(&amp;S)</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="110"/>
        <source>站点与窗口</source>
        <translation>Site and window</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="117"/>
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="118"/>
        <source>校验审计日志(&amp;A)</source>
        <translation>Verify &amp;audit log</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="135"/>
        <source>站点设置</source>
        <translation>Site settings</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="213"/>
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <location filename="../../ui/admin/site_page.py" line="216"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>SupervisorConfirmDialog</name>
    <message>
        <location filename="../../ui/tolerance/approval.py" line="48"/>
        <source>值班长审批</source>
        <translation>Supervisor approval</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/approval.py" line="48"/>
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/approval.py" line="52"/>
        <source>请首席代表或值班长输入本人工号和密码，审批容缺受理申请。申请人本人所在窗口的受理人员不能自行审批。</source>
        <translation>A supervisor enters their own Staff ID and password to approve the tolerance acceptance request. Staff at the requesting window cannot approve their own request.</translation>
    </message>
</context>
<context>
    <name>SupplementAction</name>
    <message>
        <location filename="../../ui/tolerance/supplement.py" line="158"/>
        <source>补正 (F7)</source>
        <translation>Supplement (F7)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/supplement.py" line="161"/>
        <source>容缺受理的办件：接收申请人补交的容缺材料，打印补正回执</source>
        <translation>Tolerance-accepted case: receive the tolerated materials supplied by the applicant and print a supplement receipt</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/supplement.py" line="222"/>
        <source>正在提交补正材料…</source>
        <translation>Submitting the supplementary materials…</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/supplement.py" line="238"/>
        <source>办件 {no} 的容缺材料已全部补齐。</source>
        <translation>All tolerated materials of case {no} have been supplied.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/supplement.py" line="240"/>
        <source>已接收补正材料，尚缺 {n} 项。</source>
        <translation>Supplement materials received; {n} still missing.</translation>
    </message>
</context>
<context>
    <name>SupplementDialog</name>
    <message>
        <location filename="../../ui/tolerance/supplement.py" line="66"/>
        <source>补正</source>
        <translation>Supplement</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/supplement.py" line="71"/>
        <source>办件 {no}：{name}</source>
        <translation>Case {no}: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/supplement.py" line="80"/>
        <source>{name}（补交期限 {deadline}）</source>
        <translation>{name} (supply by {deadline})</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/supplement.py" line="95"/>
        <source>确认补正 (Ctrl+Enter)</source>
        <translation>Confirm supplement (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/supplement.py" line="98"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/supplement.py" line="122"/>
        <source>页面正在处理，请稍候。</source>
        <translation>Pages are still processing; please wait.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/supplement.py" line="125"/>
        <source>请采集补交的材料，或勾选“纸质材料，未扫描”。</source>
        <translation>Capture the supplied materials, or tick “Paper materials, not scanned”.</translation>
    </message>
</context>
<context>
    <name>SyncDesk</name>
    <message>
        <location filename="../../ui/sync/wiring.py" line="162"/>
        <source>已从平台更新 {year} 年工作日历。</source>
        <extracomment>The case changes that write an event for the platform: they wake the worker. How often the indicator re-reads the status on its own (other counters in hall mode, a worker that is not running), in milliseconds.</extracomment>
        <translation>Working-day calendar {year} updated from the platform.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="186"/>
        <source>同步(&amp;Y)</source>
        <translation>S&amp;ync</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="188"/>
        <source>被退回的事件(&amp;R)…</source>
        <translation>&amp;Refused events…</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="189"/>
        <location filename="../../ui/sync/wiring.py" line="224"/>
        <source>平台拒收、需要人工处理的事件及平台说明的原因</source>
        <translation>Events the platform refused, with its reasons; they need a person</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="191"/>
        <source>平台数据问题(&amp;P)…</source>
        <translation>&amp;Platform data problems…</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="192"/>
        <location filename="../../ui/sync/wiring.py" line="229"/>
        <source>平台发来但未能应用的状态回传（格式不符、本机无此办件等）</source>
        <translation>Status updates from the platform that could not be applied (malformed, case not found here, …)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="194"/>
        <source>日结对账(&amp;D)…</source>
        <translation>&amp;Daily reconciliation…</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="195"/>
        <source>按日核对本地决定与平台已确认的事件</source>
        <translation>Check a day&apos;s local decisions against what the platform acknowledged</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="197"/>
        <source>立即同步(&amp;N)</source>
        <translation>Sync &amp;now</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="198"/>
        <source>立即发送待发送的事件</source>
        <translation>Send the waiting events now</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="200"/>
        <source>同步设置(&amp;S)…</source>
        <translation>Sync &amp;settings…</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="225"/>
        <source>仅值班长或管理员可查看被退回的事件；办件的退回原因见办件查询中的同步状态</source>
        <translation>Only supervisors or administrators may view refused events; a case&apos;s refusal reason is shown in its sync status under Case lookup</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="230"/>
        <source>仅值班长或管理员可查看平台数据问题</source>
        <translation>Only supervisors or administrators may view platform data problems</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="234"/>
        <source>省级平台地址、CA 文件和客户端密钥（管理员）</source>
        <translation>Platform address, CA file and client secret (administrators)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="235"/>
        <source>仅管理员可修改同步设置：请以管理员身份登录，或在服务器上使用 python main.py sync-config</source>
        <translation>Only an administrator may change the sync settings: log in as administrator, or use python main.py sync-config on the server</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="302"/>
        <source>仅值班长或管理员可查看被退回的事件；办件的退回原因见办件查询中的同步状态。</source>
        <translation>Only supervisors or administrators may view refused events; a case&apos;s refusal reason is shown in its sync status under Case lookup.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="324"/>
        <source>仅值班长或管理员可查看平台数据问题。</source>
        <translation>Only supervisors or administrators may view platform data problems.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="354"/>
        <source>日结对账由窗口人员或值班长进行，请以窗口人员身份登录。</source>
        <translation>Daily reconciliation is done by counter staff or supervisors; please log in as counter staff.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/wiring.py" line="368"/>
        <source>仅管理员可修改同步设置，请以管理员身份登录。</source>
        <translation>Only an administrator may change the sync settings; please log in as administrator.</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <location filename="../../ui/sync/indicator.py" line="75"/>
        <source>同步状态</source>
        <translation>Sync state</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="91"/>
        <source>同步状态读取中…</source>
        <translation>Reading the sync state…</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="100"/>
        <source>同步未运行</source>
        <translation>Sync not running</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="102"/>
        <source>未配置省级平台</source>
        <translation>No platform configured</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="104"/>
        <source>平台数据异常</source>
        <translation>Platform data error</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="106"/>
        <source>平台在线</source>
        <translation>Platform online</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="108"/>
        <source>平台离线</source>
        <translation>Platform offline</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="110"/>
        <source>尚未连接平台</source>
        <translation>Not yet connected</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="111"/>
        <source>待发送 {n} 条</source>
        <translation>{n} waiting</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="113"/>
        <source>最近成功 {at}</source>
        <translation>last success {at}</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="117"/>
        <source>被退回 {n} 条</source>
        <translation>{n} refused</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="141"/>
        <source>省级平台：{url}</source>
        <translation>Platform: {url}</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="141"/>
        <source>未配置</source>
        <translation>not configured</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="142"/>
        <source>待发送 {n} 条（其中发送失败待重试 {f} 条）</source>
        <translation>{n} waiting ({f} of them failed and will be retried)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="145"/>
        <source>最早一条待发送：{at}</source>
        <translation>Oldest waiting: {at}</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="147"/>
        <source>最近成功：{at}</source>
        <translation>Last success: {at}</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="150"/>
        <source>问题：{text}</source>
        <translation>Problem: {text}</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="152"/>
        <source>平台退回 {n} 条事件，需人工处理。</source>
        <translation>The platform refused {n} event(s); they need a person.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="154"/>
        <source>平台数据异常：{n} 条状态回传未能应用，需人工处理（同步 → 平台数据问题）。</source>
        <translation>Platform data error: {n} status update(s) could not be applied; they need a person (Sync → Platform data problems).</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="159"/>
        <source>单击查看平台数据问题</source>
        <translation>Click to see the platform data problems</translation>
    </message>
    <message>
        <location filename="../../ui/sync/indicator.py" line="161"/>
        <source>单击查看被退回的事件</source>
        <translation>Click to see the refused events</translation>
    </message>
</context>
<context>
    <name>SyncSettingsDialog</name>
    <message>
        <location filename="../../ui/sync/settings.py" line="66"/>
        <source>同步设置</source>
        <translation>Sync settings</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="71"/>
        <source>本窗口与省级一体化政务服务平台同步所需的地址和凭据。客户端密钥只保存在本机操作系统的密钥环中。</source>
        <translation>Address and credentials this counter syncs with the provincial platform by. The client secret is kept only in this computer&apos;s keyring.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="80"/>
        <source>平台地址</source>
        <translation>Platform address</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="85"/>
        <source>留空则使用系统信任的证书</source>
        <translation>Empty: the system&apos;s trusted certificates</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="86"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="91"/>
        <source>CA 文件</source>
        <translation>CA file</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="96"/>
        <source>客户端编号</source>
        <translation>Client id</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="102"/>
        <source>客户端密钥</source>
        <translation>Client secret</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="119"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="120"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="133"/>
        <source>无法保存</source>
        <translation>Cannot be stored</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="136"/>
        <source>已保存；留空则不修改</source>
        <translation>Stored; leave empty to keep it</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="137"/>
        <source>密钥已保存在系统密钥环中（不显示）。输入新密钥可替换。</source>
        <translation>A secret is stored in the keyring (not shown). Type a new one to replace it.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="139"/>
        <source>由平台分配的客户端密钥</source>
        <translation>The client secret the platform issued</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="140"/>
        <source>尚未保存密钥：同步不能开始。</source>
        <translation>No secret stored yet: sync cannot start.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="142"/>
        <source>（当前进程由环境变量 {name} 提供密钥，优先使用。）</source>
        <translation> (This process has the secret from the environment variable {name}, which takes precedence.)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="149"/>
        <source>选择 CA 证书文件</source>
        <translation>Choose a CA certificate file</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="150"/>
        <source>证书 (*.pem *.crt *.cer);;所有文件 (*)</source>
        <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="170"/>
        <source>仅管理员可修改同步设置，请以管理员身份登录。</source>
        <translation>Only an administrator may change the sync settings; please log in as administrator.</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="175"/>
        <source>找不到 CA 文件：{path}</source>
        <translation>CA file not found: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="203"/>
        <source>平台地址已保存，但客户端密钥未保存：{reason}</source>
        <translation>The address was saved, but the client secret was not: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/sync/settings.py" line="212"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>TerminateDialog</name>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="55"/>
        <location filename="../../ui/tolerance/deadlines.py" line="73"/>
        <source>终止办理</source>
        <extracomment>The column of the materials still owed. The colour of 容缺材料未补齐 on a case the platform moved on.</extracomment>
        <translation>Terminate case</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="58"/>
        <source>办件 {no}（{name}）逾期未补交容缺材料。确认终止办理？</source>
        <translation>Case {no} ({name}): tolerated materials were not supplied in time. Terminate the case?</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="65"/>
        <source>终止理由（必填，将印在终止办理通知书上）</source>
        <translation>Reason for termination (required; printed on the termination notice)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/deadlines.py" line="88"/>
        <source>请填写终止理由。</source>
        <translation>Enter the reason for termination.</translation>
    </message>
</context>
<context>
    <name>ToleranceFlow</name>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="261"/>
        <source>请勾选要容缺的材料。</source>
        <translation>Tick the materials to tolerate.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="240"/>
        <source>已打印容缺受理告知承诺书，请申请人签字后采集签字页。</source>
        <translation>Tolerance acceptance commitment letter printed; have the applicant sign it, then capture the signature page.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="250"/>
        <source>容缺受理告知承诺书已另存为 {path}，打印后请申请人签字并采集签字页。</source>
        <translation>Tolerance acceptance commitment letter saved as {path}; print it, have the applicant sign it, then capture the signature page.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="377"/>
        <source>正在审批并核查申请人信用…</source>
        <translation>Approving and checking the applicant's credit…</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="401"/>
        <source>办理事项</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="402"/>
        <source>容缺材料</source>
        <translation>Tolerated materials</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="403"/>
        <source>补正期限</source>
        <translation>Supplement deadline</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="404"/>
        <source>（预计）</source>
        <translation> (estimated)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="406"/>
        <source>审批人</source>
        <translation>Approved by</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="410"/>
        <source>（预计，以节假日安排公布后为准）</source>
        <translation> (estimated; final once the holiday schedule is published)</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="411"/>
        <source>承诺办结时间</source>
        <translation>Promised completion</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="412"/>
        <source>容缺受理成功</source>
        <translation>Tolerance acceptance succeeded</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="414"/>
        <source>再次打印容缺受理通知书</source>
        <translation>Print tolerance acceptance notice again</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="446"/>
        <source>容缺受理通知书已另存为 PDF：{path}（含查询密码）。</source>
        <translation>Tolerance acceptance notice saved as PDF: {path} (with the query password).</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="451"/>
        <source>正在生成 PDF…</source>
        <translation>Producing the PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="451"/>
        <source>正在准备预览…</source>
        <translation>Preparing the preview…</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="510"/>
        <source>已撤回容缺受理申请。</source>
        <translation>The tolerance acceptance request was withdrawn.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="527"/>
        <source>值班长不同意容缺受理：{reason}</source>
        <translation>Supervisor refused tolerance acceptance: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="530"/>
        <location filename="../../ui/tolerance/flow.py" line="539"/>
        <source>容缺受理</source>
        <translation>Tolerance acceptance</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="531"/>
        <source>可一次性告知申请人所缺材料。</source>
        <translation>You can give the applicant a one-time notice of the missing materials.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="540"/>
        <source>值班长已同意容缺受理，办件编号 {no}。容缺受理通知书已在审批窗口打印。</source>
        <translation>Supervisor approved tolerance acceptance, case number {no}. The tolerance acceptance notice was printed at the approving window.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="547"/>
        <source>容缺受理申请已撤回。</source>
        <translation>Tolerance acceptance request withdrawn.</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <location filename="../../ui/admin/users_page.py" line="173"/>
        <location filename="../../ui/admin/users_page.py" line="215"/>
        <source>用户管理</source>
        <translation>User management</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="186"/>
        <source>新建用户(&amp;N)</source>
        <translation>&amp;New user</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="187"/>
        <location filename="../../ui/admin/users_page.py" line="267"/>
        <source>停用(&amp;D)</source>
        <translation>&amp;Disable</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="188"/>
        <source>重置密码(&amp;R)</source>
        <translation>&amp;Reset password</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="189"/>
        <source>设置角色(&amp;O)</source>
        <translation>Set r&amp;oles</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="190"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="266"/>
        <source>启用(&amp;A)</source>
        <translation>&amp;Activate</translation>
    </message>
    <message>
        <location filename="../../ui/admin/users_page.py" line="288"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
</context>
<context>
    <name>WaitingDialog</name>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="96"/>
        <source>等待审批</source>
        <translation>Waiting for approval</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="99"/>
        <source>已提交容缺受理申请，等待首席代表或值班长在审批队列中审批。
申请人请稍候；审批通过后由审批窗口打印容缺受理通知书。</source>
        <translation>The tolerance acceptance request has been submitted; waiting for a supervisor to approve it in the approval queue.
Please ask the applicant to wait; once approved, the approving window prints the tolerance acceptance notice.</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="105"/>
        <source>值班长当面审批</source>
        <translation>Supervisor approval in person</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="107"/>
        <source>撤回申请</source>
        <translation>Withdraw request</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="109"/>
        <source>稍后查看</source>
        <translation>Check later</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../ui/app.py" line="138"/>
        <source>正在准备窗口…</source>
        <translation>Preparing the window…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="321"/>
        <source>无法读写数据目录中的文件（{name}）。</source>
        <extracomment>The phase whose line is ``window-shown`` (the benchmark protocol&apos;s first line). The modules of the main window that :func:`_import_window_modules` loads during the login.</extracomment>
        <translation>A file in the data directory cannot be read or written ({name}).</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="324"/>
        <source>数据库无法打开或已损坏。</source>
        <translation>The database cannot be opened or is damaged.</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="334"/>
        <source>综窗受理台</source>
        <translation>Counter Desk</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="335"/>
        <source>无法打开数据存储，程序不能启动。</source>
        <translation>The data store cannot be opened; the program cannot start.</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="336"/>
        <location filename="../../ui/startup.py" line="58"/>
        <source>默认数据目录</source>
        <translation>default data directory</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="338"/>
        <source>数据目录：{where}
原因：{reason}

请检查该目录是否存在、可写，或联系系统管理员（事件编号 {incident}）。</source>
        <translation>Data directory: {where}
Reason: {reason}

Check that the directory exists and is writable, or contact the administrator (incident {incident}).</translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="54"/>
        <source>正在打开数据存储…</source>
        <translation>Opening the data store…</translation>
    </message>
</context>
<context>
    <name>case_sync</name>
    <message>
        <location filename="../../ui/sync/case_line.py" line="35"/>
        <source>同步：已送达平台</source>
        <translation>Sync: delivered to the platform</translation>
    </message>
    <message>
        <location filename="../../ui/sync/case_line.py" line="37"/>
        <source>同步：被退回：{reason}</source>
        <translation>Sync: refused: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/sync/case_line.py" line="38"/>
        <source>平台未说明原因</source>
        <translation>the platform gave no reason</translation>
    </message>
    <message>
        <location filename="../../ui/sync/case_line.py" line="40"/>
        <source>同步：待发送 ({n})，上次发送失败：{reason}</source>
        <translation>Sync: waiting ({n}); last attempt failed: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/sync/case_line.py" line="43"/>
        <source>同步：待发送 ({n})</source>
        <translation>Sync: waiting ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/sync/case_line.py" line="44"/>
        <source>同步：无需同步</source>
        <translation>Sync: nothing to send</translation>
    </message>
    <message>
        <location filename="../../ui/sync/case_line.py" line="63"/>
        <location filename="../../ui/sync/case_line.py" line="68"/>
        <location filename="../../ui/sync/case_line.py" line="71"/>
        <source>同步：状态暂不可读</source>
        <translation>Sync: state cannot be read just now</translation>
    </message>
    <message>
        <location filename="../../ui/sync/case_line.py" line="74"/>
        <source>本办件各事件与省级平台的同步情况</source>
        <translation>How far this case&apos;s events got to the provincial platform</translation>
    </message>
</context>
<context>
    <name>case_view</name>
    <message>
        <location filename="../../ui/case_view.py" line="73"/>
        <source>A4</source>
        <extracomment>出件. Focus the case search box. The selected document: print it as archived, reprint it (补打), preview it, save it as PDF.</extracomment>
        <translation>A4</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="74"/>
        <source>80 毫米热敏纸</source>
        <translation>80 mm thermal paper</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="77"/>
        <source>已收取</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="78"/>
        <source>免提交（电子证照）</source>
        <translation>Exempt (e-licence)</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="79"/>
        <source>容缺</source>
        <translation>Tolerated</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="80"/>
        <source>未提交</source>
        <translation>Not supplied</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="81"/>
        <source>不涉及</source>
        <translation>Not applicable</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="84"/>
        <source>必要</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="85"/>
        <source>容缺后补</source>
        <translation>Tolerable</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="86"/>
        <source>非必要</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="89"/>
        <source>无需原件</source>
        <translation>No original</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="90"/>
        <source>原件已核验</source>
        <translation>Original verified</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="91"/>
        <source>原件已收取</source>
        <translation>Original kept</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="95"/>
        <source>已核验原件</source>
        <extracomment>The 原件 column: what was recorded at the counter (LedgerEntry.original_done).</extracomment>
        <translation>Original checked</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="96"/>
        <source>已收取原件</source>
        <translation>Original kept</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="100"/>
        <source>未核验原件</source>
        <extracomment>A received material whose original the catalog asks for, and nothing was ticked.</extracomment>
        <translation>Original not checked</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="101"/>
        <source>未收取原件</source>
        <translation>Original not kept</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="135"/>
        <source>已接收</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="136"/>
        <source>平台回传：{what}</source>
        <translation>Platform reply: {what}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="138"/>
        <source>日期调整</source>
        <translation>Date adjusted</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="140"/>
        <source>重置查询密码</source>
        <translation>Query password reset</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="199"/>
        <source>目录要求：{required}</source>
        <translation>Catalog requires: {required}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="203"/>
        <source>电子证照（未记录证照编号）</source>
        <translation>E-licence (no licence number recorded)</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="206"/>
        <source>电子证照 {number}</source>
        <translation>E-licence {number}</translation>
    </message>
    <message>
        <location filename="../../ui/case_view.py" line="208"/>
        <source>受理时未单独记录原件情况；{tip}</source>
        <translation>Original not recorded separately at intake; {tip}</translation>
    </message>
</context>
<context>
    <name>checklist</name>
    <message>
        <location filename="../../ui/intake/checklist.py" line="52"/>
        <source>必要</source>
        <extracomment>Most copies the spin box allows.</extracomment>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="52"/>
        <source>容缺后补</source>
        <translation>Tolerable</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="53"/>
        <source>非必要</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="58"/>
        <source>无需原件</source>
        <translation>No original</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="58"/>
        <source>原件核验</source>
        <translation>Check original</translation>
    </message>
    <message>
        <location filename="../../ui/intake/checklist.py" line="59"/>
        <source>收取原件</source>
        <translation>Keep original</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="76"/>
        <source>容缺受理通知书已打印（查询密码仅印在这一份上）。</source>
        <extracomment>How often the waiting dialog looks at the request (milliseconds).</extracomment>
        <translation>Tolerance acceptance notice printed (the query password appears only on this copy).</translation>
    </message>
    <message>
        <location filename="../../ui/tolerance/flow.py" line="80"/>
        <source>容缺受理通知书未打印：请检查打印机后按“再次打印”，或稍后在办件查询中打印。</source>
        <translation>Tolerance acceptance notice not printed: check the printer and press “Print again”, or print it later from case search.</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../ui/errors.py" line="51"/>
        <source>综窗受理台</source>
        <translation>Counter Desk</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="62"/>
        <source>发生了意外错误，当前操作未完成。</source>
        <translation>An unexpected error occurred; the operation was not completed.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="64"/>
        <source>请将事件编号 {incident} 告知系统管理员。</source>
        <translation>Please give the incident number {incident} to the administrator.</translation>
    </message>
</context>
<context>
    <name>form</name>
    <message>
        <location filename="../../ui/intake/form.py" line="27"/>
        <source>申请人信息</source>
        <extracomment>Titles of the field groups, by the first part of the field key.</extracomment>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="28"/>
        <source>代理人信息</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="29"/>
        <source>联系方式</source>
        <translation>Contact details</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="30"/>
        <source>企业（单位）信息</source>
        <translation>Enterprise (organization)</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="31"/>
        <source>单位信息</source>
        <translation>Organization</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="32"/>
        <source>个体工商户信息</source>
        <translation>Individual business</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="33"/>
        <source>食品经营信息</source>
        <translation>Food business</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="34"/>
        <source>印章刻制信息</source>
        <translation>Seal engraving</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="35"/>
        <source>社会保险信息</source>
        <translation>Social insurance</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="36"/>
        <source>住房公积金信息</source>
        <translation>Housing provident fund</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="37"/>
        <source>养老保险信息</source>
        <translation>Pension insurance</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="38"/>
        <source>社会保障卡信息</source>
        <translation>Social security card</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="39"/>
        <source>银行账户信息</source>
        <translation>Bank account</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="40"/>
        <source>家庭情况</source>
        <translation>Family</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="41"/>
        <source>户籍信息</source>
        <translation>Household registration</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="42"/>
        <source>工程项目信息</source>
        <translation>Construction project</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="43"/>
        <source>新生儿信息</source>
        <translation>Newborn</translation>
    </message>
    <message>
        <location filename="../../ui/intake/form.py" line="57"/>
        <source>其他信息</source>
        <translation>Other information</translation>
    </message>
</context>
<context>
    <name>guide</name>
    <message>
        <location filename="../../ui/guide.py" line="31"/>
        <source>必要</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="32"/>
        <source>容缺后补</source>
        <translation>Tolerable</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="33"/>
        <source>非必要</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="38"/>
        <source>无需原件</source>
        <translation>No original</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="39"/>
        <source>原件核验</source>
        <translation>Check original</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="40"/>
        <source>收取原件</source>
        <translation>Keep original</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="46"/>
        <source>即办件</source>
        <translation>Immediate</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="47"/>
        <source>承诺件</source>
        <translation>Commitment</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="52"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="52"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="60"/>
        <source>当日办结</source>
        <translation>Same day</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="62"/>
        <source>{n}个工作日</source>
        <translation>{n} working days</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="63"/>
        <source>{n}个自然日</source>
        <translation>{n} calendar days</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="64"/>
        <source>{n}个工作小时</source>
        <translation>{n} working hours</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="65"/>
        <source>{n}小时</source>
        <translation>{n} hours</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="72"/>
        <source>文本</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="73"/>
        <source>多行文本</source>
        <translation>Long text</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="74"/>
        <source>单选</source>
        <translation>Choice</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="75"/>
        <source>多选</source>
        <translation>Multiple choice</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="76"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="77"/>
        <source>整数</source>
        <translation>Integer</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="78"/>
        <source>数值</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="79"/>
        <source>手机号码</source>
        <translation>Mobile number</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="80"/>
        <source>固定电话</source>
        <translation>Telephone</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="81"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="82"/>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="83"/>
        <source>行政区划</source>
        <translation>Division code</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="84"/>
        <source>电子邮箱</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="85"/>
        <source>邮政编码</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="117"/>
        <source>所有情形</source>
        <translation>Always</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="118"/>
        <source>当{clause}时</source>
        <translation>When {clause}</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="122"/>
        <source>仅当{clause}时询问</source>
        <translation>Asked only when {clause}</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="135"/>
        <location filename="../../ui/guide.py" line="143"/>
        <source>且</source>
        <translation> and </translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="138"/>
        <location filename="../../ui/guide.py" line="160"/>
        <source>或</source>
        <translation> or </translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="150"/>
        <source>并非{clause}</source>
        <translation>not {clause}</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="161"/>
        <source>「{value}」</source>
        <translation>“{value}”</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="163"/>
        <source>「{subject}」不为{values}</source>
        <translation>“{subject}” is not {values}</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="165"/>
        <source>「{subject}」为{values}</source>
        <translation>“{subject}” is {values}</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="182"/>
        <source>（{clause}）</source>
        <translation>({clause})</translation>
    </message>
    <message>
        <location filename="../../ui/guide.py" line="248"/>
        <source>{item}：{text}</source>
        <translation>{item}: {text}</translation>
    </message>
</context>
</TS>
