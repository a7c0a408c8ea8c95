//! The Vietnamese of every help text, keyed by the English text exactly as clap shows it
//! (one-paragraph doc comments lose their final full stop). A test walks the whole command
//! line and fails on any English text missing here, so a new or reworded flag needs its
//! Vietnamese in the same change.

/// Formats every `--evidence` accepts, in Vietnamese (see `evidence_formats!`).
macro_rules! formats_vi {
    () => {
        "tệp CSV hoặc TSV (dấu phân cách `,`, `;` hoặc tab, nhận ra từ dòng tiêu đề), bảng tính \
         xlsx, xlsm, xlsb, xls hoặc ods, một thư mục chứa các tệp đó, hoặc `-` để đọc từ đầu vào chuẩn"
    };
}

pub(super) const TEXTS: &[(&str, &str)] = &[
    (
        "How CSV is written: `plain` for programs (`,` between fields, `.` decimals, no byte order mark); `excel` for Excel with English settings (UTF-8 with a byte order mark); `excel-vi` for Excel with Vietnamese settings (byte order mark, `;` between fields, `,` decimals)",
        "Cách ghi CSV: `plain` cho chương trình máy tính (dấu `,` giữa các trường, số thập phân dùng `.`, không có BOM); `excel` cho Excel cài đặt tiếng Anh (UTF-8 có BOM); `excel-vi` cho Excel cài đặt tiếng Việt (có BOM, dấu `;` giữa các trường, số thập phân dùng `,`)",
    ),
    (
        "How CSV is written: `excel` for Excel with English settings (UTF-8 with a byte order mark, `,` between fields, `.` decimals); `excel-vi` for Excel with Vietnamese settings (byte order mark, `;` between fields, `,` decimals); `plain` for programs (no byte order mark)",
        "Cách ghi CSV: `excel` cho Excel cài đặt tiếng Anh (UTF-8 có BOM, dấu `,` giữa các trường, số thập phân dùng `.`); `excel-vi` cho Excel cài đặt tiếng Việt (có BOM, dấu `;` giữa các trường, số thập phân dùng `,`); `plain` cho chương trình máy tính (không có BOM)",
    ),
    // The program and its commands.
    (
        "PAR INDEX score calculator and deduction analyzer (Chỉ số cải cách hành chính)",
        "Tính điểm và phân tích điểm bị trừ Chỉ số cải cách hành chính (PAR INDEX)",
    ),
    (
        "parcalc reads a criteria set (TOML) and evidence (CSV, TSV, xlsx, xls, ods), computes awarded and lost points with exact decimals, and shows where points were lost and which agency is responsible.",
        "parcalc đọc một bộ tiêu chí (TOML) và tài liệu kiểm chứng (CSV, TSV, xlsx, xls, ods), tính điểm đạt và điểm bị trừ bằng số thập phân chính xác, và cho biết điểm bị trừ ở đâu, cơ quan nào chịu trách nhiệm.",
    ),
    (
        "Score evidence against a criteria set: total, index, band, areas, losses, agencies",
        "Chấm điểm tài liệu kiểm chứng theo bộ tiêu chí: tổng điểm, chỉ số, xếp loại, lĩnh vực, điểm bị trừ, cơ quan",
    ),
    (
        "Check criteria and evidence files: every problem, located, with a fix (for CI)",
        "Kiểm tra tệp bộ tiêu chí và tài liệu kiểm chứng: mọi vấn đề, kèm vị trí và cách sửa (cho CI)",
    ),
    (
        "Score every unit in the evidence and rank them, with changes against a previous ranking",
        "Chấm điểm mọi đơn vị trong tài liệu kiểm chứng và xếp hạng, kèm thay đổi so với lần xếp hạng trước",
    ),
    (
        "Compare two results (years, units, renumbered sets), or self-assessment vs appraisal",
        "So sánh hai kết quả (hai năm, hai đơn vị, bộ tiêu chí đánh số lại), hoặc tự đánh giá với thẩm định",
    ),
    (
        "The remediation plan: what to fix, who leads, who cooperates, by when, points at stake",
        "Kế hoạch khắc phục: việc cần sửa, cơ quan chủ trì, cơ quan phối hợp, thời hạn, số điểm liên quan",
    ),
    (
        "Track the remediation plan to its deadlines: status by lead agency, points at stake, the score secured and the score the plan leads to; `-o deadlines.ics` for calendars",
        "Theo dõi kế hoạch khắc phục theo thời hạn: tình trạng theo cơ quan chủ trì, số điểm liên quan, điểm đã đạt và điểm dự kiến khi hoàn thành kế hoạch; `-o thoi-han.ics` để đưa vào lịch",
    ),
    (
        "An open item is \"due soon\" when its next deadline is at most this many days away",
        "Nội dung chưa hoàn thành là \"sắp đến hạn\" khi thời hạn kế tiếp còn không quá số ngày này",
    ),
    (
        "The day to track on, dd/mm/yyyy or yyyy-mm-dd [default: today in Vietnam, or SOURCE_DATE_EPOCH]",
        "Ngày theo dõi, dạng dd/mm/yyyy hoặc yyyy-mm-dd [mặc định: hôm nay theo giờ Việt Nam, hoặc SOURCE_DATE_EPOCH]",
    ),
    (
        "The plan's year, for deadlines written without one [default: the year after the criteria set's]",
        "Năm của kế hoạch, cho các thời hạn không ghi năm [mặc định: năm sau năm của bộ tiêu chí]",
    ),
    (
        "The remediation plan as `parcalc plan` writes it (csv or xlsx), with its status columns filled in (Trạng thái, Ngày hoàn thành, Tài liệu kiểm chứng)",
        "Kế hoạch khắc phục như `parcalc plan` ghi (csv hoặc xlsx), đã điền các cột tình trạng (Trạng thái, Ngày hoàn thành, Tài liệu kiểm chứng)",
    ),
    (
        "The unit to score when the evidence covers several",
        "Đơn vị cần chấm khi tài liệu kiểm chứng có nhiều đơn vị",
    ),
    (
        "Write an evidence template (xlsx or CSV) for the criteria set, or for one agency",
        "Ghi mẫu tài liệu kiểm chứng (xlsx hoặc CSV) cho bộ tiêu chí, hoặc cho một cơ quan",
    ),
    (
        "Write a commented starter criteria set for a level",
        "Ghi một bộ tiêu chí khởi đầu có chú thích cho một cấp",
    ),
    ("Print shell completions", "In tập lệnh tự hoàn thành cho shell"),
    (
        "Survey report from raw answers: points per question, answers, groups that cost points",
        "Báo cáo điều tra xã hội học từ phiếu trả lời: điểm theo câu hỏi, các câu trả lời, các nhóm làm mất điểm",
    ),
    (
        "Criteria set (TOML) with [[survey]] tables",
        "Bộ tiêu chí (TOML) có các bảng [[survey]]",
    ),
    (
        concat!(
            "Survey answers to check against each criteria set's [[survey]] tables: ",
            "CSV or TSV files (separator `,`, `;` or tab, found from the header), xlsx, xlsm, xlsb, xls or ods workbooks, a folder of them, or `-` for standard input."
        ),
        concat!(
            "Câu trả lời khảo sát cần kiểm tra theo các bảng [[survey]] của từng bộ tiêu chí: ",
            formats_vi!(),
            "."
        ),
    ),
    (
        "Only this unit's answers when the answers cover several (`unit` column)",
        "Chỉ câu trả lời của đơn vị này khi tệp có nhiều đơn vị (cột `unit`)",
    ),
    (
        concat!(
            "Survey answers, one row per respondent and question, scoring the criteria set's [[survey]] leaves: ",
            "CSV or TSV files (separator `,`, `;` or tab, found from the header), xlsx, xlsm, xlsb, xls or ods workbooks, a folder of them, or `-` for standard input; several are merged."
        ),
        concat!(
            "Câu trả lời khảo sát, mỗi dòng một phiếu và một câu hỏi, để tính điểm các tiêu chí [[survey]] của bộ tiêu chí: ",
            formats_vi!(),
            "; nhiều tệp được gộp lại."
        ),
    ),
    (
        "Print the manual page (roff): every command, examples, exit status, environment",
        "In trang hướng dẫn (roff): mọi lệnh, ví dụ, mã thoát, biến môi trường",
    ),
    (
        "Print this message or the help of the given subcommand(s)",
        "In trợ giúp này hoặc trợ giúp của (các) lệnh đã nêu",
    ),
    // Options every command has.
    (
        "Language of reports, messages and help: vi or en [default: PARCALC_LANG, else the criteria set's language; help in English]",
        "Ngôn ngữ của báo cáo, thông báo và trợ giúp: vi hoặc en [mặc định: PARCALC_LANG, nếu không thì ngôn ngữ của bộ tiêu chí; trợ giúp bằng tiếng Anh]",
    ),
    (
        "When to use colours: auto (on a terminal, unless NO_COLOR is set), always or never [default: PARCALC_COLOR, else auto]",
        "Khi nào dùng màu: auto (trên màn hình terminal, trừ khi có NO_COLOR), always hoặc never [mặc định: PARCALC_COLOR, nếu không thì auto]",
    ),
    ("Print help", "In trợ giúp"),
    ("Print help (see more with '--help')", "In trợ giúp (xem đầy đủ với '--help')"),
    ("Print help (see a summary with '-h')", "In trợ giúp (xem tóm tắt với '-h')"),
    ("Print version", "In số phiên bản"),
    // Inputs.
    ("Criteria set (TOML)", "Bộ tiêu chí (TOML)"),
    ("Criteria sets (TOML) to check", "Các bộ tiêu chí (TOML) cần kiểm tra"),
    ("Criteria set for --stages", "Bộ tiêu chí cho --stages"),
    (
        "Evidence: CSV or TSV files (separator `,`, `;` or tab, found from the header), xlsx, xlsm, xlsb, xls or ods workbooks, a folder of them, or `-` for standard input; several are merged.",
        concat!("Tài liệu kiểm chứng: ", formats_vi!(), "; nhiều tệp được gộp lại."),
    ),
    (
        "Evidence with a `unit` column naming each row's unit: CSV or TSV files (separator `,`, `;` or tab, found from the header), xlsx, xlsm, xlsb, xls or ods workbooks, a folder of them, or `-` for standard input; several are merged.",
        concat!(
            "Tài liệu kiểm chứng có cột `unit` ghi đơn vị của từng dòng: ",
            formats_vi!(),
            "; nhiều tệp được gộp lại."
        ),
    ),
    (
        "Evidence to check against each criteria set: CSV or TSV files (separator `,`, `;` or tab, found from the header), xlsx, xlsm, xlsb, xls or ods workbooks, a folder of them, or `-` for standard input.",
        concat!("Tài liệu kiểm chứng cần kiểm tra theo từng bộ tiêu chí: ", formats_vi!(), "."),
    ),
    (
        "Evidence for --stages: CSV or TSV files (separator `,`, `;` or tab, found from the header), xlsx, xlsm, xlsb, xls or ods workbooks, a folder of them, or `-` for standard input.",
        concat!("Tài liệu kiểm chứng cho --stages: ", formats_vi!(), "."),
    ),
    (
        "Side A's evidence, scored with --a-criteria: CSV or TSV files (separator `,`, `;` or tab, found from the header), xlsx, xlsm, xlsb, xls or ods workbooks, a folder of them, or `-` for standard input.",
        concat!("Tài liệu kiểm chứng của bên A, chấm theo --a-criteria: ", formats_vi!(), "."),
    ),
    (
        "Side B's evidence, scored with --b-criteria: CSV or TSV files (separator `,`, `;` or tab, found from the header), xlsx, xlsm, xlsb, xls or ods workbooks, a folder of them, or `-` for standard input.",
        concat!("Tài liệu kiểm chứng của bên B, chấm theo --b-criteria: ", formats_vi!(), "."),
    ),
    (
        "Side A: a `score --format json` result (or use --a-criteria/--a-evidence)",
        "Bên A: một kết quả `score --format json` (hoặc dùng --a-criteria/--a-evidence)",
    ),
    (
        "Side B: a `score --format json` result (or use --b-criteria/--b-evidence)",
        "Bên B: một kết quả `score --format json` (hoặc dùng --b-criteria/--b-evidence)",
    ),
    (
        "Side A's criteria set, scored with --a-evidence",
        "Bộ tiêu chí của bên A, chấm với --a-evidence",
    ),
    (
        "Side B's criteria set, scored with --b-evidence",
        "Bộ tiêu chí của bên B, chấm với --b-evidence",
    ),
    (
        "CSV mapping A's codes to B's (`old,new`), for renumbered criteria sets",
        "Tệp CSV nối mã của bên A với mã của bên B (`old,new`), cho bộ tiêu chí được đánh số lại",
    ),
    (
        "A previous ranking (`rank --format json`) to show rank and point changes against",
        "Một bảng xếp hạng trước (`rank --format json`) để hiện thay đổi thứ hạng và điểm so với nó",
    ),
    (
        "How evidence writes numbers: `vi` (1.234,5) or `en` (1,234.5); also `,` or `.` for the decimal mark [default: the criteria set's `number_format`, else each file's own]",
        "Cách tài liệu kiểm chứng viết số: `vi` (1.234,5) hoặc `en` (1,234.5); cũng có thể ghi chính dấu thập phân `,` hoặc `.` [mặc định: `number_format` của bộ tiêu chí, nếu không thì cách viết riêng của từng tệp]",
    ),
    (
        "`1.234,5`: `,` is the decimal mark, `.` groups thousands",
        "`1.234,5`: `,` là dấu thập phân, `.` phân cách hàng nghìn",
    ),
    (
        "`1,234.5`: `.` is the decimal mark, `,` groups thousands",
        "`1,234.5`: `.` là dấu thập phân, `,` phân cách hàng nghìn",
    ),
    // What to score.
    (
        "Round to score (also --round), one the criteria set declares (`self`, `appraisal-2`, `thẩm định lần 2`…): each criterion's rows of the latest round up to it [default: the last round]",
        "Vòng chấm (cũng viết --round), một vòng bộ tiêu chí khai báo (`self`, `appraisal-2`, `thẩm định lần 2`…): mỗi tiêu chí lấy các dòng của vòng gần nhất tính đến vòng đó [mặc định: vòng cuối]",
    ),
    (
        "Round to rank (also --round), one the criteria set declares [default: the last round]",
        "Vòng xếp hạng (cũng viết --round), một vòng bộ tiêu chí khai báo [mặc định: vòng cuối]",
    ),
    (
        "Round to plan from (also --round), one the criteria set declares [default: the last round]",
        "Vòng lập kế hoạch (cũng viết --round), một vòng bộ tiêu chí khai báo [mặc định: vòng cuối]",
    ),
    (
        "With --stages: the earlier round [default: the set's first round]",
        "Với --stages: vòng trước [mặc định: vòng đầu của bộ tiêu chí]",
    ),
    (
        "With --stages: the later round [default: the set's last round]",
        "Với --stages: vòng sau [mặc định: vòng cuối của bộ tiêu chí]",
    ),
    (
        "The unit to score when the evidence covers several (`unit` column)",
        "Đơn vị cần chấm khi tài liệu kiểm chứng có nhiều đơn vị (cột `unit`)",
    ),
    (
        "The unit to plan for when the evidence covers several",
        "Đơn vị cần lập kế hoạch khi tài liệu kiểm chứng có nhiều đơn vị",
    ),
    (
        "The unit, when the evidence covers several",
        "Đơn vị, khi tài liệu kiểm chứng có nhiều đơn vị",
    ),
    (
        "What-if: override a criterion's evidence (`3.4.4=95%`, `7.2:muc_do_4=500`), show the gain of each change, and score with all of them",
        "Giả định: thay số liệu của một tiêu chí (`3.4.4=95%`, `7.2:muc_do_4=500`), hiện số điểm tăng của từng thay đổi, và chấm với tất cả các thay đổi",
    ),
    (
        "Include survey criteria (left out by default: no agency can fix them directly)",
        "Kể cả các tiêu chí điều tra xã hội học (mặc định bỏ qua: không cơ quan nào sửa trực tiếp được)",
    ),
    (
        "Compare two rounds of one evidence set (--from, --to): the criteria whose points changed, their reasons and explanations, and the change by agency",
        "So sánh hai vòng của cùng một bộ tài liệu kiểm chứng (--from, --to): các tiêu chí thay đổi điểm, lý do và giải trình, và điểm thay đổi theo cơ quan",
    ),
    ("List unchanged criteria too", "Liệt kê cả các tiêu chí không thay đổi"),
    ("Fail on warnings too", "Coi cả cảnh báo là thất bại"),
    (
        "The evidence covers only some criteria: do not warn (`no-evidence`) about criteria without rows or rows left empty",
        "Số liệu chỉ gồm một phần các tiêu chí: không cảnh báo (`no-evidence`) về tiêu chí chưa có dòng nào hay dòng để trống giá trị",
    ),
    (
        "No progress line, even on a terminal",
        "Không hiện dòng tiến độ, kể cả trên terminal",
    ),
    (
        "Only the criteria this agency leads (id, name or short name)",
        "Chỉ các tiêu chí do cơ quan này chủ trì (mã, tên hoặc tên viết tắt)",
    ),
    ("The level the set scores", "Cấp mà bộ tiêu chí chấm điểm"),
    ("The year the set scores", "Năm mà bộ tiêu chí chấm điểm"),
    ("The shell to complete for", "Shell cần tập lệnh tự hoàn thành"),
    // Outputs.
    ("Output format", "Định dạng đầu ra"),
    (
        "Output format [default: from the -o extension, else table]",
        "Định dạng đầu ra [mặc định: theo phần mở rộng của -o, nếu không thì bảng]",
    ),
    (
        "What to write [default: from the -o extension, else CSV]",
        "Định dạng cần ghi [mặc định: theo phần mở rộng của -o, nếu không thì CSV]",
    ),
    (
        "Write the report to FILE (atomically) instead of standard output (`-`: standard output)",
        "Ghi báo cáo vào FILE (ghi trọn vẹn, không để lại tệp dở dang) thay vì đầu ra chuẩn (`-`: đầu ra chuẩn)",
    ),
    // The particulars of a Word document (`score`, `plan`).
    (
        "Issuing agency printed at the top left of a Word or HTML document (`UBND HUYỆN ĐẮK GLONG`) [default: the criteria set's `[document] issuer`]",
        "Cơ quan ban hành, in ở góc trên bên trái văn bản Word hoặc HTML (`UBND HUYỆN ĐẮK GLONG`) [mặc định: `[document] issuer` của bộ tiêu chí]",
    ),
    (
        "The agency above the issuer, printed above it (`UBND TỈNH ĐẮK NÔNG`)",
        "Cơ quan chủ quản của cơ quan ban hành, in phía trên (`UBND TỈNH ĐẮK NÔNG`)",
    ),
    (
        "Document number and symbol (`125/KH-UBND`)",
        "Số và ký hiệu văn bản (`125/KH-UBND`)",
    ),
    ("Place in the date line (`Đắk Glong`)", "Địa danh ở dòng ngày tháng (`Đắk Glong`)"),
    (
        "Date of the document, dd/mm/yyyy or yyyy-mm-dd [default: today, or SOURCE_DATE_EPOCH]",
        "Ngày ban hành văn bản, dd/mm/yyyy hoặc yyyy-mm-dd [mặc định: hôm nay, hoặc SOURCE_DATE_EPOCH]",
    ),
    ("Who signs the document", "Người ký văn bản"),
    (
        "The signer's title (`CHỦ TỊCH`; `KT. CHỦ TỊCH|PHÓ CHỦ TỊCH` for two lines)",
        "Chức vụ người ký (`CHỦ TỊCH`; `KT. CHỦ TỊCH|PHÓ CHỦ TỊCH` để in thành hai dòng)",
    ),
    (
        "A recipient listed under \"Nơi nhận\" (repeat for each)",
        "Một nơi nhận, in dưới mục \"Nơi nhận\" (lặp lại cho mỗi nơi)",
    ),
    (
        "Write to FILE (atomically) instead of standard output (`-`: standard output)",
        "Ghi vào FILE (ghi trọn vẹn, không để lại tệp dở dang) thay vì đầu ra chuẩn (`-`: đầu ra chuẩn)",
    ),
    (
        "Output file: .xlsx or .csv (CSV with a UTF-8 BOM so Excel opens it); CSV to standard output without it (also `-o -`). An existing file is kept unless --force",
        "Tệp đầu ra: .xlsx hoặc .csv (CSV có BOM UTF-8 để Excel mở đúng); không có tùy chọn này (hoặc `-o -`) thì ghi CSV ra đầu ra chuẩn. Tệp đã có được giữ nguyên, trừ khi có --force",
    ),
    ("Replace the -o file if it exists", "Ghi đè tệp -o nếu đã có"),
    ("Where to write it (`-`: standard output)", "Nơi ghi tệp (`-`: đầu ra chuẩn)"),
    (
        "Print only the summary: total, index, band and the three largest losses with their agencies (table and Markdown formats)",
        "Chỉ in phần tóm tắt: tổng điểm, chỉ số, xếp loại và ba tiêu chí bị trừ nhiều điểm nhất cùng cơ quan chịu trách nhiệm (định dạng bảng và Markdown)",
    ),
    (
        "Width of terminal reports in columns, 40 or more [default: the terminal's width; 100 in a pipe or an -o file]",
        "Độ rộng của báo cáo trên màn hình, tính bằng cột, từ 40 trở lên [mặc định: độ rộng của cửa sổ dòng lệnh; 100 khi chuyển qua ống dẫn hoặc ghi ra tệp -o]",
    ),
];
