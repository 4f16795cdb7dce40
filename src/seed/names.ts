/** Vietnamese names for seeded data: the 63 provinces (before the 2025 merger), units, officers. */

/** The 63 provincial-level units as of 2024: the five centrally-run cities first. */
export const PROVINCES: readonly { name: string; city: boolean }[] = [
  ...['Hà Nội', 'Hồ Chí Minh', 'Hải Phòng', 'Đà Nẵng', 'Cần Thơ'].map((name) => ({ name, city: true })),
  ...[
    'Hà Giang', 'Cao Bằng', 'Bắc Kạn', 'Tuyên Quang', 'Lào Cai', 'Điện Biên', 'Lai Châu', 'Sơn La', 'Yên Bái', 'Hòa Bình',
    'Thái Nguyên', 'Lạng Sơn', 'Quảng Ninh', 'Bắc Giang', 'Phú Thọ', 'Vĩnh Phúc', 'Bắc Ninh', 'Hải Dương', 'Hưng Yên', 'Thái Bình',
    'Hà Nam', 'Nam Định', 'Ninh Bình', 'Thanh Hóa', 'Nghệ An', 'Hà Tĩnh', 'Quảng Bình', 'Quảng Trị', 'Thừa Thiên Huế', 'Quảng Nam',
    'Quảng Ngãi', 'Bình Định', 'Phú Yên', 'Khánh Hòa', 'Ninh Thuận', 'Bình Thuận', 'Kon Tum', 'Gia Lai', 'Đắk Lắk', 'Đắk Nông',
    'Lâm Đồng', 'Bình Phước', 'Tây Ninh', 'Bình Dương', 'Đồng Nai', 'Bà Rịa - Vũng Tàu', 'Long An', 'Tiền Giang', 'Bến Tre', 'Trà Vinh',
    'Vĩnh Long', 'Đồng Tháp', 'An Giang', 'Kiên Giang', 'Hậu Giang', 'Sóc Trăng', 'Bạc Liêu', 'Cà Mau',
  ].map((name) => ({ name, city: false })),
];

/** Departments of a provincial police (phòng), by their codes. */
export const DIVISIONS: readonly { code: string; name: string }[] = [
  { code: 'pv01', name: 'Phòng Tham mưu' },
  { code: 'px01', name: 'Phòng Tổ chức cán bộ' },
  { code: 'pa02', name: 'Phòng An ninh chính trị nội bộ' },
  { code: 'pa04', name: 'Phòng An ninh kinh tế' },
  { code: 'pa05', name: 'Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao' },
  { code: 'pa08', name: 'Phòng Quản lý xuất nhập cảnh' },
  { code: 'pc01', name: 'Phòng Cảnh sát điều tra tội phạm về trật tự xã hội' },
  { code: 'pc03', name: 'Phòng Cảnh sát điều tra tội phạm về tham nhũng, kinh tế, buôn lậu, môi trường' },
  { code: 'pc04', name: 'Phòng Cảnh sát điều tra tội phạm về ma túy' },
  { code: 'pc06', name: 'Phòng Cảnh sát quản lý hành chính về trật tự xã hội' },
  { code: 'pc07', name: 'Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ' },
  { code: 'pc08', name: 'Phòng Cảnh sát giao thông' },
  { code: 'pc10', name: 'Phòng Cảnh sát quản lý trại tạm giam' },
  { code: 'ph10', name: 'Phòng Hậu cần' },
];

export const TEAMS: readonly string[] = [
  'Đội Tổng hợp', 'Đội Cảnh sát điều tra tội phạm về trật tự xã hội', 'Đội Cảnh sát giao thông - trật tự', 'Đội An ninh',
  'Đội Cảnh sát quản lý hành chính về trật tự xã hội', 'Đội Cảnh sát điều tra tội phạm về kinh tế và ma túy', 'Đội Cảnh sát thi hành án hình sự và hỗ trợ tư pháp',
];

/** Names for district police (illustrative: not matched to their real provinces). */
export const DISTRICT_NAMES: readonly string[] = [
  'Phú Lộc', 'An Lão', 'Bình Xuyên', 'Tân Yên', 'Yên Lạc', 'Thạch Thất', 'Gia Lâm', 'Đông Anh', 'Sóc Sơn', 'Mê Linh',
  'Châu Thành', 'Long Mỹ', 'Vị Thủy', 'Phụng Hiệp', 'Cái Nước', 'Đầm Dơi', 'Năm Căn', 'Hồng Dân', 'Mỹ Tú', 'Kế Sách',
  'Trần Đề', 'Tam Nông', 'Thanh Bình', 'Lai Vung', 'Tân Hồng', 'Hòa Vang', 'Điện Bàn', 'Núi Thành', 'Tiên Phước', 'Quế Sơn',
  'Hương Khê', 'Can Lộc', 'Nghi Xuân', 'Đức Thọ', 'Kỳ Anh', 'Diễn Châu', 'Yên Thành', 'Quỳnh Lưu', 'Nam Đàn', 'Thanh Chương',
  'Hoằng Hóa', 'Thọ Xuân', 'Nga Sơn', 'Hậu Lộc', 'Kim Bảng', 'Lý Nhân', 'Bình Lục', 'Thanh Liêm', 'Văn Lâm', 'Khoái Châu',
];

export const FAMILY_NAMES: readonly { name: string; weight: number }[] = [
  { name: 'Nguyễn', weight: 38 }, { name: 'Trần', weight: 11 }, { name: 'Lê', weight: 9.5 }, { name: 'Phạm', weight: 7 },
  { name: 'Hoàng', weight: 5 }, { name: 'Huỳnh', weight: 4 }, { name: 'Phan', weight: 4.5 }, { name: 'Vũ', weight: 3.9 },
  { name: 'Võ', weight: 3.5 }, { name: 'Đặng', weight: 2.1 }, { name: 'Bùi', weight: 2 }, { name: 'Đỗ', weight: 1.4 },
  { name: 'Hồ', weight: 1.3 }, { name: 'Ngô', weight: 1.3 }, { name: 'Dương', weight: 1 }, { name: 'Lý', weight: 0.5 },
];
export const MIDDLE_NAMES: readonly string[] = ['Văn', 'Thị', 'Đức', 'Minh', 'Hữu', 'Thanh', 'Quốc', 'Ngọc', 'Xuân', 'Trọng', 'Công', 'Hoài'];
export const GIVEN_NAMES: readonly string[] = [
  'Anh', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hải', 'Hùng', 'Hương', 'Khoa', 'Lan', 'Long', 'Mai', 'Nam', 'Phong', 'Quang', 'Sơn',
  'Thảo', 'Trung', 'Tuấn', 'Việt', 'Hiếu', 'Thắng', 'Tâm', 'Linh', 'Huy', 'Đạt', 'Khánh', 'Phúc', 'Toàn', 'Vinh',
];
export const RANKS: readonly { name: string; weight: number }[] = [
  { name: 'Hạ sĩ', weight: 4 }, { name: 'Trung sĩ', weight: 6 }, { name: 'Thượng sĩ', weight: 8 }, { name: 'Thiếu úy', weight: 14 },
  { name: 'Trung úy', weight: 18 }, { name: 'Thượng úy', weight: 18 }, { name: 'Đại úy', weight: 15 }, { name: 'Thiếu tá', weight: 9 },
  { name: 'Trung tá', weight: 5 }, { name: 'Thượng tá', weight: 2 }, { name: 'Đại tá', weight: 1 },
];

/** An id from a Vietnamese name: lower-case ASCII, words joined by '-' ("Bà Rịa - Vũng Tàu" → "ba-ria-vung-tau"). */
export function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Departments of the Ministry (Cục), by their codes. */
export const MINISTRY_DEPARTMENTS: readonly { code: string; name: string }[] = [
  { code: 'a01', name: 'Cục An ninh đối ngoại' }, { code: 'a02', name: 'Cục An ninh chính trị nội bộ' },
  { code: 'a03', name: 'Cục An ninh kinh tế' }, { code: 'a04', name: 'Cục An ninh nội địa' },
  { code: 'a05', name: 'Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao' }, { code: 'a06', name: 'Cục Kỹ thuật nghiệp vụ' },
  { code: 'a08', name: 'Cục Quản lý xuất nhập cảnh' }, { code: 'c01', name: 'Cục Cảnh sát điều tra' },
  { code: 'c02', name: 'Cục Cảnh sát hình sự' }, { code: 'c03', name: 'Cục Cảnh sát điều tra tội phạm về tham nhũng, kinh tế, buôn lậu' },
  { code: 'c04', name: 'Cục Cảnh sát điều tra tội phạm về ma túy' }, { code: 'c05', name: 'Cục Cảnh sát phòng, chống tội phạm về môi trường' },
  { code: 'c06', name: 'Cục Cảnh sát quản lý hành chính về trật tự xã hội' }, { code: 'c07', name: 'Cục Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ' },
  { code: 'c08', name: 'Cục Cảnh sát giao thông' }, { code: 'c10', name: 'Cục Cảnh sát quản lý trại giam, cơ sở giáo dục bắt buộc, trường giáo dưỡng' },
  { code: 'c11', name: 'Cục Cảnh sát thi hành án hình sự và hỗ trợ tư pháp' }, { code: 'v01', name: 'Văn phòng Bộ Công an' },
  { code: 'v03', name: 'Cục Pháp chế và cải cách hành chính, tư pháp' }, { code: 'x01', name: 'Cục Tổ chức cán bộ' },
  { code: 'x02', name: 'Cục Công tác đảng và công tác chính trị' }, { code: 'x03', name: 'Cục Đào tạo' },
  { code: 'h01', name: 'Cục Kế hoạch và tài chính' }, { code: 'h02', name: 'Cục Quản lý xây dựng và doanh trại' },
];
