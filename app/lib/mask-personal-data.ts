// Masks personal data in a resident's text before it is shown publicly (issue 12, item 4):
// NIK and KK numbers (16 digits, also written in groups), Indonesian mobile numbers (08…, +62 8…,
// 62 8…, with spaces, dots, dashes or brackets) and e-mail addresses. Staff read the original text;
// the public pages, Open311, the exports and the map read the masked one (docs/decisions/0015).
//
// No library does Indonesian NIK/phone spellings; three anchored patterns do, and the unit test
// (tests/unit/mask-personal-data.test.ts) holds a table of real spellings and of ordinary numbers that
// must stay untouched (dates, "1.240 kartu", ADU references, years, amounts in rupiah).

export type MaskCounts = { nik: number; phone: number; email: number };
export type MaskResult = { text: string; counts: MaskCounts; masked: boolean };

// 16 digits, in one run or in groups of 4/6 separated by a space, dot or dash (e.g. 1671 0123 4567 8901,
// 1671.012345.678901), and not part of a longer number.
const NIK = /(?<![\d.,-])(?:\d{16}|\d{4}([ .-])\d{4}\1\d{4}\1\d{4}|\d{6}([ .-])\d{6}\2\d{4}|\d{2}([ .-])\d{2}\3\d{2}\3\d{6}\3\d{4})(?![\d])/g;

// A mobile number: country code +62 / 62 / (+62) or a leading 0, then 8, then 8–11 more digits, each
// optionally after one separator. Not glued to other digits or letters on either side.
const PHONE = /(?<![\w+])(?:\(?\+62\)?|62|0)[ .-]?8(?:[ .()-]?\d){8,11}(?![\d])/g;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** 0812-3456-7890 → 0812-****-**90: the operator prefix and the last two digits stay, separators stay. */
function maskPhone(match: string): string {
  const digitPositions = [...match].flatMap((ch, i) => (/\d/.test(ch) ? [i] : []));
  // Keep the digits up to and including the 8 after the prefix and two more (the operator), and the last two.
  const eight = digitPositions.findIndex((i, k) => match[i] === "8" && k <= 3);
  const keepHead = new Set(digitPositions.slice(0, eight + 3));
  const keepTail = new Set(digitPositions.slice(-2));
  return [...match].map((ch, i) => (/\d/.test(ch) && !keepHead.has(i) && !keepTail.has(i) ? "*" : ch)).join("");
}

/** budi.s@gmail.com → b***@***.com */
function maskEmail(match: string): string {
  const tld = match.slice(match.lastIndexOf("."));
  return `${match[0]}***@***${tld}`;
}

export function maskPersonalData(text: string): MaskResult {
  const counts: MaskCounts = { nik: 0, phone: 0, email: 0 };
  // E-mails first (their digits must not be read as a phone), then NIK/KK (16 digits would otherwise
  // look like a long phone number to nobody, but 08… NIK-like runs must be NIK), then phones.
  let out = text.replace(EMAIL, (m) => {
    counts.email++;
    return maskEmail(m);
  });
  out = out.replace(NIK, (m) => {
    counts.nik++;
    return m.replace(/\d/g, "*");
  });
  out = out.replace(PHONE, (m) => {
    counts.phone++;
    return maskPhone(m);
  });
  return { text: out, counts, masked: counts.nik + counts.phone + counts.email > 0 };
}

/** The masked text only. */
export const maskedText = (text: string) => maskPersonalData(text).text;
