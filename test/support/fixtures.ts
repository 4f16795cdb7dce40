/** Realistic request bodies: Cụm thi đua số 9 of 2026 on the illustrative 1,000-point scale. */
export const units = {
  ministry: { id: 'bo-cong-an', name: 'Bộ Công an', kind: 'ministry' },
  haiPhong: { id: 'ca-hai-phong', name: 'Công an thành phố Hải Phòng', kind: 'province', parentId: 'bo-cong-an' },
  hauGiang: { id: 'ca-hau-giang', name: 'Công an tỉnh Hậu Giang', kind: 'province', parentId: 'bo-cong-an' },
  canTho: { id: 'ca-can-tho', name: 'Công an thành phố Cần Thơ', kind: 'province', parentId: 'bo-cong-an' },
  socTrang: { id: 'ca-soc-trang', name: 'Công an tỉnh Sóc Trăng', kind: 'province', parentId: 'bo-cong-an' },
} as const;

export const campaign = {
  id: 'vi-an-ninh-to-quoc-2026',
  title: 'Phong trào thi đua "Vì an ninh Tổ quốc" năm 2026',
  form: 'regular',
  organizerUnitId: 'bo-cong-an',
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  slogan: 'Bản lĩnh, nhân văn, vì nhân dân phục vụ',
  scale: {
    groups: [
      { id: 'g1', name: 'An ninh chính trị', maxPoints: 200 },
      { id: 'g2', name: 'Phòng, chống tội phạm và tệ nạn xã hội', maxPoints: 250 },
      { id: 'g3', name: 'Quản lý hành chính', maxPoints: 150 },
      { id: 'g4', name: 'Xây dựng lực lượng', maxPoints: 200 },
      { id: 'g5', name: 'Phong trào Toàn dân bảo vệ ANTQ', maxPoints: 100 },
      { id: 'g6', name: 'Công tác thi đua và nhiệm vụ cụm', maxPoints: 100 },
    ],
    criteria: [
      { id: 'c1-1', groupId: 'g1', name: 'Không để xảy ra điểm nóng', maxPoints: 120 },
      { id: 'c1-2', groupId: 'g1', name: 'Bảo vệ tuyệt đối an toàn các sự kiện', maxPoints: 80 },
      { id: 'c2-1', groupId: 'g2', name: 'Kéo giảm tội phạm ≥ 5%', maxPoints: 100 },
      { id: 'c2-2', groupId: 'g2', name: 'Điều tra khám phá án rất nghiêm trọng ≥ 95%', maxPoints: 150 },
      { id: 'c3-1', groupId: 'g3', name: 'Kéo giảm tai nạn giao thông', maxPoints: 150 },
      { id: 'c4-1', groupId: 'g4', name: 'Kỷ luật, huấn luyện, chuyển đổi số', maxPoints: 200 },
      { id: 'c5-1', groupId: 'g5', name: 'Xây dựng, nhân rộng mô hình', maxPoints: 100 },
      { id: 'c6-1', groupId: 'g6', name: 'Báo cáo đúng hạn; thực hiện giao ước', maxPoints: 100 },
    ],
    bonusCap: 50,
  },
};

export const phase = {
  id: 'dot-19-8',
  name: 'Đợt cao điểm chào mừng Ngày truyền thống CAND 19/8',
  startsOn: '2026-07-01',
  endsOn: '2026-08-19',
  occasion: '19/8',
};

export const cluster = {
  id: 'cum-9',
  name: 'Cụm thi đua số 9',
  kind: 'cluster',
  headUnitId: 'ca-hau-giang',
  deputyUnitId: 'ca-can-tho',
  memberUnitIds: ['ca-hau-giang', 'ca-can-tho', 'ca-soc-trang'],
};
