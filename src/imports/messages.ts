/**
 * The problems of an import in Vietnamese, for the person who typed the file: the common codes of
 * the ledger's refusals (docs/api.md, docs/rules.md) and of the request validation (class-validator
 * constraints). The English detail is kept beside them; a code without a translation says so in a
 * general sentence.
 */

/** A refusal's code → what it means, in Vietnamese. */
const CODES: Readonly<Record<string, string>> = {
  'already-exists': 'Mã này đã có trong sổ cái (hoặc ở một dòng phía trên của tệp)',
  forbidden: 'Tài khoản không có quyền ghi dòng này (vai trò hoặc phạm vi đơn vị không phù hợp)',
  'unit-not-found': 'Không tìm thấy đơn vị (chưa có trong sổ cái, cũng không ở dòng phía trên của tệp)',
  'officer-not-found': 'Không tìm thấy cán bộ (chưa có trong sổ cái, cũng không ở dòng phía trên của tệp)',
  'campaign-not-found': 'Không tìm thấy phong trào thi đua',
  'phase-not-found': 'Không tìm thấy đợt thi đua của phong trào',
  'criterion-not-found': 'Không tìm thấy tiêu chí trong thang điểm của phong trào',
  'unit-rule-parent-kind': 'Loại đơn vị này không được đặt trực tiếp dưới đơn vị cấp trên đã ghi',
  'unit-rule-root': 'Chỉ Bộ Công an là đơn vị gốc: đơn vị này phải có đơn vị cấp trên',
  'unit-rule-one-root': 'Sổ cái đã có đơn vị gốc: đơn vị này phải có đơn vị cấp trên',
  'unit-ended': 'Đơn vị đã sáp nhập hoặc giải thể: ghi cho đơn vị kế thừa',
  'before-established': 'Ngày trước ngày thành lập đơn vị',
  'authority-too-low': 'Cấp khen thưởng thấp hơn thẩm quyền quy định cho hình thức, danh hiệu này',
  'authority-mismatch': 'Cờ thi đua phải do đúng cấp của cờ đó quyết định',
  'unknown-title': 'Danh hiệu không có trong danh mục của hình thức khen thưởng',
  'achievement-already-awarded': 'Thành tích này đã được khen thưởng: mỗi thành tích chỉ khen một lần',
  'title-chain-incomplete': 'Chưa đủ danh hiệu, điều kiện các năm trước theo quy định',
  'quota-exceeded': 'Vượt tỷ lệ, số lượng được khen thưởng trong năm',
  'source-required': 'Quyết định ghi từ sổ sách phải ghi rõ sổ, văn bản nguồn',
  'campaign-required': 'Đợt thi đua phải kèm mã phong trào',
  'invalid-period': 'Thời gian không hợp lệ: ngày kết thúc trước ngày bắt đầu',
  'final-ranking-not-published': 'Phong trào chưa công bố kết quả xếp hạng cuối cùng của cụm',
  'flag-rank-too-low': 'Đơn vị không thuộc nhóm dẫn đầu cụm theo kết quả xếp hạng cuối cùng',
  'unit-vetoed': 'Đơn vị đang bị điểm liệt: không được tặng cờ thi đua',
  'not-in-cluster': 'Đơn vị không thuộc cụm thi đua nào của phong trào',
  'flag-needs-collective': 'Cờ thi đua chỉ tặng cho tập thể',
  'amount-limit-exceeded': 'Số tiền vượt giới hạn 10.000.000.000 đồng',
  'invalid-date': 'Ngày không hợp lệ',
  'criterion-max-exceeded': 'Vượt điểm tối đa của tiêu chí',
  'criterion-below-zero': 'Tổng điểm của tiêu chí không được âm',
  'criterion-required': 'Loại điểm này phải có tiêu chí',
  'criterion-not-allowed': 'Điểm thưởng, điểm trừ không gắn với tiêu chí',
  'invalid-points-sign': 'Dấu của điểm không phù hợp với loại điểm',
  'period-outside-campaign': 'Tháng nằm ngoài thời gian của phong trào',
  'period-outside-phase': 'Tháng nằm ngoài thời gian của đợt thi đua',
  'occurred-outside-period': 'Ngày phát sinh không thuộc tháng được tính',
  'campaign-closed': 'Phong trào đã kết thúc: sửa qua đề nghị hai người duyệt',
  'phase-closed': 'Đợt thi đua đã kết thúc: sửa qua đề nghị hai người duyệt',
  'phase-withdrawal-pending': 'Đợt thi đua đang chờ duyệt rút bỏ',
  'entry-already-recorded': 'Bản ghi điểm này đã có (cùng mã bản ghi)',
  'points-limit-exceeded': 'Điểm vượt giới hạn cho phép',
  'scorecard-full': 'Phiếu điểm của đơn vị đã đủ số bản ghi tối đa',
  'idempotency-key-reused': 'Dòng này đã được nhập từ một tệp khác cùng nội dung nhưng khác dữ liệu',
  'version-conflict': 'Dữ liệu vừa thay đổi: nhập lại tệp',
  'claim-taken': 'Giá trị này đã được một bản ghi khác giữ',
};

/** A validation constraint (class-validator, the DTOs of the HTTP routes) → what to type instead. */
const CONSTRAINTS: Readonly<Record<string, string>> = {
  isLedgerId: 'Mã không hợp lệ: chữ thường không dấu, chữ số và . _ - (tối đa 64 ký tự, bắt đầu bằng chữ hoặc số)',
  isIn: 'Giá trị không có trong danh mục',
  isIsoDate: 'Ngày không hợp lệ (từ 01/01/1945 đến 31/12/2100)',
  isNotFutureDate: 'Ngày không được sau hôm nay',
  isString: 'Bắt buộc nhập',
  isDefined: 'Bắt buộc nhập',
  length: 'Độ dài không hợp lệ (trống hoặc quá dài)',
  isInt: 'Phải là số nguyên',
  min: 'Không được âm',
  max: 'Vượt giá trị tối đa',
  isPoints: 'Điểm phải là số, tối đa 2 chữ số thập phân, không quá 1.000.000',
  matches: 'Sai định dạng',
  isTitleOfItsForm: 'Danh hiệu không đúng danh mục của hình thức khen thưởng (danh hiệu thi đua, cờ thi đua: bắt buộc, đúng tên hoặc mã)',
  isArray: 'Phải là danh sách',
  arrayMaxSize: 'Danh sách quá dài',
  whitelistValidation: 'Cột này không được nhận',
};

/** A warning's code (historical decisions) → in Vietnamese: what the rule would have refused. */
export function codeMessage(code: string): string {
  return CODES[code] ?? `Dòng bị từ chối (mã lỗi ${code})`;
}

export function constraintMessage(constraint: string): string {
  return CONSTRAINTS[constraint] ?? 'Giá trị không hợp lệ';
}

/** The whole file: why it could not be read at all. */
export const FILE_MESSAGES = {
  unreadable: 'Không đọc được tệp: cần tệp Excel (.xlsx) hoặc CSV (UTF-8)',
  notUtf8: 'Tệp CSV không ở mã UTF-8: trong Excel chọn Lưu thành "CSV UTF-8 (Comma delimited)"',
  kindRequired: 'Cần chọn loại dữ liệu nhập (units, officers, commendations, score-entries) cho tệp này',
  noSheet: 'Tệp không có trang tính nào mang tên loại dữ liệu (Đơn vị, Cán bộ, Khen thưởng, Chấm điểm)',
  missingColumn: 'Thiếu cột bắt buộc',
  unknownColumn: 'Cột không có trong mẫu nhập',
  duplicateColumn: 'Cột bị lặp',
  empty: 'Tệp không có dòng dữ liệu nào',
  tooManyRows: 'Tệp có quá nhiều dòng',
} as const;
