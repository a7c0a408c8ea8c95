#!/usr/bin/env python3
"""Writes the example survey answers of examples/dak-nong-2022/khao-sat/ deterministically.

lanh-dao.csv: 32 leaders in 4 groups answer 4 questions (A-D); the weights add up to 104 of
128 answers (A 80, B 38, C 6, D 4), so 2.5 x 104 / 32 = 8.125 points of 10.
sipas.csv: 125 citizens in 4 fields answer the 5 SIPAS elements on a 1-5 scale; 100, 96, 99,
97 and 98 answers are 4 or 5 (490 of 625), so 1.6 x 490 / 125 = 6.272 points of 8 (78.4%).
Run from the repository root: python3 scripts/gen_survey_answers.py
"""

GROUPS = [
    # group, answers in the group (for 8 respondents x 4 questions)
    ("Đại biểu HĐND huyện", {"A": 24, "B": 8}),
    ("Lãnh đạo phòng, ban", {"A": 22, "B": 10}),
    ("Trưởng cơ quan, đơn vị", {"A": 20, "B": 10, "C": 2}),
    ("Lãnh đạo UBND xã", {"A": 14, "B": 10, "C": 4, "D": 4}),
]


def leaders():
    rows = ["phiếu;nhóm;câu hỏi;trả lời"]
    n = 0
    for group, counts in GROUPS:
        answers = [a for a in "ABCD" for _ in range(counts.get(a, 0))]
        # deal the group's answers over its 8 respondents x 4 questions, respondent first
        for r in range(8):
            n += 1
            for q in range(4):
                rows.append(f"LD{n:03d};{group};ld{q + 1};{answers[r * 4 + q]}")
    return "\n".join(rows) + "\n"


FIELDS = ["Đất đai", "Tư pháp - hộ tịch", "Đăng ký kinh doanh", "Xây dựng"]
SATISFIED = [100, 96, 99, 97, 98]  # per element, of 125


def sipas():
    rows = ["respondent,group,question,answer"]
    # respondents 1..125; field by blocks of 40, 30, 30, 25; the unsatisfied answers of an
    # element go to the first respondents (most of them in land administration)
    blocks = [40, 30, 30, 25]
    field_of = []
    for f, size in zip(FIELDS, blocks):
        field_of += [f] * size
    for r in range(125):
        for q, sat in enumerate(SATISFIED):
            unsatisfied = 125 - sat
            if r < unsatisfied:
                answer = 1 + (r + q) % 3  # 1, 2 or 3
            else:
                answer = 4 + (r + q) % 2  # 4 or 5
            rows.append(f"SP{r + 1:03d},{field_of[r]},s{q + 1},{answer}")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    with open("examples/dak-nong-2022/khao-sat/lanh-dao.csv", "w", encoding="utf-8") as f:
        f.write(leaders())
    with open("examples/dak-nong-2022/khao-sat/sipas.csv", "w", encoding="utf-8") as f:
        f.write(sipas())
