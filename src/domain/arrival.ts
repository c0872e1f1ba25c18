/**
 * An arrival (来返人员报备): the record, its enumerations, and the validation that turns
 * what an official typed or a spreadsheet held into a record fit for the database.
 */
import type { Problem } from './errors.js';
import { normaliseDocType, parseDocument, DOC_TYPES, DEFAULT_DOC_TYPE, type CountryTable, type DocType } from './document.js';
import { parsePhone } from './phone.js';
import { addDays, parseDate, parseDateTime, parseTime } from './dates.js';
import { candidateList } from './area.js';
import { placeColumns, resolvePlace } from './places.js';

export const TRANSPORTS = ['train', 'plane', 'car', 'bus', 'ship', 'other'] as const;
export type Transport = (typeof TRANSPORTS)[number];

export const CONTACT_TYPES = ['close', 'secondary', 'none'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

/** What people write in spreadsheets, mapped to the stored value. */
const TRANSPORT_ALIASES: Record<string, Transport> = {
  train: 'train', rail: 'train', railway: 'train', 火车: 'train', 高铁: 'train', 动车: 'train', 铁路: 'train',
  plane: 'plane', air: 'plane', flight: 'plane', 飞机: 'plane', 航班: 'plane', 民航: 'plane',
  car: 'car', 'self-driving': 'car', 自驾: 'car', 私家车: 'car', 汽车: 'car', 小汽车: 'car',
  bus: 'bus', coach: 'bus', 客车: 'bus', 大巴: 'bus', 长途汽车: 'bus', 长途客车: 'bus', 班车: 'bus',
  ship: 'ship', boat: 'ship', ferry: 'ship', 轮船: 'ship', 船: 'ship', 船舶: 'ship',
  other: 'other', 其他: 'other', 其它: 'other',
};

const CONTACT_ALIASES: Record<string, ContactType> = {
  close: 'close', 'close contact': 'close', 密接: 'close', 密切接触者: 'close',
  secondary: 'secondary', 'secondary contact': 'secondary', 次密接: 'secondary', 密接的密接: 'secondary',
  none: 'none', no: 'none', 无: 'none', 否: 'none', 一般: 'none', '': 'none',
  // a 是否密接 column
  是: 'close', yes: 'close',
};

export interface ArrivalInput {
  name?: string;
  id_number?: string;
  phone?: string;
  origin?: string;
  arrival_date?: string;
  arrival_time?: string;
  transport?: string;
  vehicle?: string;
  destination?: string;
  township?: string;
  contact_type?: string;
  exposure_date?: string;
  /** 入境日期: the day an inbound traveller entered the country (at the port). */
  entry_date?: string;
  /** 离开风险区日期: the day a person who stayed in a risk area left it. */
  left_date?: string;
  note?: string;
  /** The document type (证件类型): resident ID when not given. */
  doc_type?: string;
  /** A passport's issuing country (国籍/签发国). */
  doc_country?: string;
}

export interface ArrivalRecord {
  name: string;
  /** The document type; with id_number (the document's number) and the arrival date, the natural key. */
  doc_type: DocType;
  /** The number of the document (a resident ID number, a permit's or a passport's). */
  id_number: string;
  /** A passport's issuing country, ISO 3166 alpha-3; null for the other documents. */
  doc_country: string | null;
  phone: string;
  /** The origin as written. */
  origin: string;
  /** The place it names: a GB/T 2260 code (440105), an ISO 3166 country (US) for abroad; null when not known for sure. */
  origin_code?: string | null;
  /** That place's full name (广东省广州市海珠区, and a street after it), or null. */
  origin_name?: string | null;
  arrival_date: string;
  arrival_time: string | null;
  transport: Transport;
  vehicle: string | null;
  destination: string;
  township: string | null;
  contact_type: ContactType;
  exposure_date: string | null;
  /** 入境日期: the day an inbound traveller entered the country, on or before the arrival date; null when not given. */
  entry_date?: string | null;
  /** 离开风险区日期: the day the person left the risk area, on or before the arrival date; null when not given. */
  left_date?: string | null;
  note: string | null;
  /** Registered in advance: not arrived yet (arrival confirm, or a checkpoint, makes it arrived). */
  expected?: boolean;
}

/** Fields an arrival cannot be registered without. */
export const REQUIRED_FIELDS = ['name', 'id_number', 'phone', 'origin', 'arrival_date', 'transport', 'destination'] as const;
export const OPTIONAL_FIELDS = ['arrival_time', 'vehicle', 'township', 'contact_type', 'exposure_date', 'note', 'doc_type', 'doc_country', 'entry_date', 'left_date'] as const;
export const ARRIVAL_FIELDS = [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS] as const;
export type ArrivalField = (typeof ARRIVAL_FIELDS)[number];

const MAX_LEN: Record<string, number> = {
  name: 50, origin: 100, destination: 200, vehicle: 30, township: 50, note: 500,
};

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

export function normaliseTransport(raw: string): Transport | null {
  const k = raw.normalize('NFKC').trim().toLowerCase();
  return TRANSPORT_ALIASES[k] ?? null;
}

export function normaliseContact(raw: string): ContactType | null {
  const k = raw.normalize('NFKC').trim().toLowerCase();
  return CONTACT_ALIASES[k] ?? null;
}

function text(field: string, raw: string | undefined, required: boolean, problems: Problem[]): string | null {
  const v = (raw ?? '').trim();
  if (v === '') {
    if (required) problems.push({ field, code: 'required' });
    return null;
  }
  if (CONTROL.test(v)) problems.push({ field, code: 'control_chars' });
  else if (v.length > (MAX_LEN[field] ?? 200)) problems.push({ field, code: 'too_long', params: { max: MAX_LEN[field] ?? 200 } });
  return v;
}

/** 境外 alone: abroad, without a country; known, though it has no code. */
function resolvedAbroad(origin: string): boolean {
  return resolvePlace(origin).status === 'inbound';
}

/** Validates one field on its own; for prompts that check each value as it is typed. */
export function validateField(field: ArrivalField, raw: string, today: string, context: ArrivalInput = {}, opts: ValidateOptions = {}): Problem | null {
  const problems = validateArrival({ ...SAMPLE_VALID, ...context, [field]: raw }, today, opts).problems;
  return problems.find((p) => p.field === field || (field === 'id_number' && p.field === 'doc_number')) ?? null;
}

/** A valid input used to check one field in isolation. */
const SAMPLE_VALID: ArrivalInput = {
  name: '张三', id_number: '11010519491231002X', phone: '13800138000', origin: '北京市',
  arrival_date: '2000-01-01', transport: 'train', destination: '城关镇',
};

/**
 * Validates an arrival. `today` (YYYY-MM-DD) bounds the dates. Returns the normalised
 * record when there are no problems, and every problem found (not just the first).
 */
export interface ValidateOptions {
  /** Refuse an origin that names no known place, or several (else it is kept as written, without a code). */
  strictPlaces?: boolean;
  /** Registration in advance (提前报备): an arrival date up to this many days after today is accepted, as expected. */
  advanceDays?: number;
  /** The issuing countries a passport may name (data/countries.json); without it, a 3-letter code is taken as given. */
  countries?: CountryTable;
}

/** How far ahead a registration in advance may be. */
export const ADVANCE_DAYS = 14;

export function validateArrival(input: ArrivalInput, today: string, opts: ValidateOptions = {}): { record?: ArrivalRecord; problems: Problem[] } {
  const problems: Problem[] = [];
  const name = text('name', input.name, true, problems);
  if (name && /\d/.test(name)) problems.push({ field: 'name', code: 'name_digits' });

  let idNumber: string | null = null;
  let docCountry: string | null = null;
  let birthDate: string | null = null;
  const docType = normaliseDocType(input.doc_type);
  if (!docType) problems.push({ field: 'doc_type', code: 'enum', params: { value: (input.doc_type ?? '').trim(), allowed: DOC_TYPES.join('|') } });
  else {
    const id = parseDocument(docType, input.id_number ?? '', today, input.doc_country, opts.countries);
    if (id.ok) {
      idNumber = id.value.number;
      docCountry = id.value.country;
      birthDate = id.value.birthDate;
    } else problems.push(id.problem);
    if (docType !== 'passport' && (input.doc_country ?? '').trim() !== '') problems.push({ field: 'doc_country', code: 'country_not_passport' });
  }

  let phone: string | null = null;
  const ph = parsePhone(input.phone ?? '');
  if (ph.ok) phone = ph.value;
  else problems.push(ph.problem);

  const origin = text('origin', input.origin, true, problems);
  const place = origin ? placeColumns(origin) : { code: null, name: null };
  if (origin && opts.strictPlaces && place.code === null && !resolvedAbroad(origin)) {
    const p = resolvePlace(origin);
    problems.push(
      p.status === 'ambiguous'
        ? { field: 'origin', code: 'place_ambiguous', params: { value: origin, candidates: candidateList(p) } }
        : { field: 'origin', code: 'place_unknown', params: { value: origin } },
    );
  }
  const destination = text('destination', input.destination, true, problems);
  const vehicle = text('vehicle', input.vehicle, false, problems);
  const township = text('township', input.township, false, problems);
  const note = text('note', input.note, false, problems);

  // the date, and the time of day: a sheet's 抵达时间 column holds a time, or a date and a time
  // ("2022-11-20 14:30"), or only a date, and may be the only column saying when
  let arrivalDate: string | null = null;
  let arrivalTime: string | null = null;
  const rawDate = (input.arrival_date ?? '').trim();
  const rawTime = (input.arrival_time ?? '').trim();
  const timeAsDate = rawTime !== '' && parseTime(rawTime) === null ? parseDateTime(rawTime) : null;
  const dateText = rawDate !== '' ? rawDate : timeAsDate ? rawTime : '';
  if (dateText === '') problems.push({ field: 'arrival_date', code: 'required' });
  else {
    const dt = parseDateTime(dateText);
    if (!dt) problems.push({ field: 'arrival_date', code: 'date', params: { value: dateText } });
    else if (dt.date > today && !(opts.advanceDays && dt.date <= addDays(today, opts.advanceDays))) {
      problems.push(opts.advanceDays ? { field: 'arrival_date', code: 'date_too_far', params: { value: dt.date, today, days: opts.advanceDays } } : { field: 'arrival_date', code: 'date_future', params: { value: dt.date, today } });
    } else if (birthDate && dt.date < birthDate) problems.push({ field: 'arrival_date', code: 'before_birth', params: { date: dt.date, birth: birthDate } });
    else {
      arrivalDate = dt.date;
      arrivalTime = dt.time && dt.time !== '00:00' ? dt.time : null;
    }
  }
  if (rawTime !== '') {
    if (timeAsDate) {
      if (rawDate !== '' && arrivalDate && timeAsDate.date !== arrivalDate) {
        problems.push({ field: 'arrival_time', code: 'time_other_day', params: { value: rawTime, date: arrivalDate } });
      } else if (timeAsDate.time && timeAsDate.time !== '00:00') arrivalTime = timeAsDate.time;
    } else {
      const t = parseTime(rawTime);
      if (!t) problems.push({ field: 'arrival_time', code: 'time', params: { value: rawTime } });
      else arrivalTime = t;
    }
  }

  let transport: Transport | null = null;
  const rawTransport = (input.transport ?? '').trim();
  if (rawTransport === '') problems.push({ field: 'transport', code: 'required' });
  else {
    transport = normaliseTransport(rawTransport);
    if (!transport) problems.push({ field: 'transport', code: 'enum', params: { value: rawTransport, allowed: TRANSPORTS.join('|') } });
  }

  const rawContact = (input.contact_type ?? '').trim();
  const contact = normaliseContact(rawContact);
  if (!contact) problems.push({ field: 'contact_type', code: 'enum', params: { value: rawContact, allowed: CONTACT_TYPES.join('|') } });

  let exposureDate: string | null = null;
  const rawExposure = (input.exposure_date ?? '').trim();
  if (rawExposure !== '') {
    const d = parseDate(rawExposure);
    if (!d) problems.push({ field: 'exposure_date', code: 'date', params: { value: rawExposure } });
    else if (d > today) problems.push({ field: 'exposure_date', code: 'date_future', params: { value: d, today } });
    else if (contact === 'none') problems.push({ field: 'exposure_date', code: 'exposure_without_contact' });
    else exposureDate = d;
  }

  // 入境日期: the port's days count (issue 24); never after the arrival in the county
  let entryDate: string | null = null;
  const rawEntry = (input.entry_date ?? '').trim();
  if (rawEntry !== '') {
    const d = parseDate(rawEntry);
    if (!d) problems.push({ field: 'entry_date', code: 'date', params: { value: rawEntry } });
    else if (d > today) problems.push({ field: 'entry_date', code: 'date_future', params: { value: d, today } });
    else if (arrivalDate && d > arrivalDate) problems.push({ field: 'entry_date', code: 'entry_after_arrival', params: { value: d, arrival: arrivalDate } });
    else entryDate = d;
  }

  // 离开风险区日期: a left_area policy counts from it (issue 24); never after the arrival in the county
  let leftDate: string | null = null;
  const rawLeft = (input.left_date ?? '').trim();
  if (rawLeft !== '') {
    const d = parseDate(rawLeft);
    if (!d) problems.push({ field: 'left_date', code: 'date', params: { value: rawLeft } });
    else if (d > today) problems.push({ field: 'left_date', code: 'date_future', params: { value: d, today } });
    else if (arrivalDate && d > arrivalDate) problems.push({ field: 'left_date', code: 'left_after_arrival', params: { value: d, arrival: arrivalDate } });
    else leftDate = d;
  }

  if (problems.length > 0) return { problems };
  return {
    problems,
    record: {
      name: name!, doc_type: docType ?? DEFAULT_DOC_TYPE, id_number: idNumber!, doc_country: docCountry, phone: phone!, origin: origin!, origin_code: place.code, origin_name: place.name, arrival_date: arrivalDate!,
      arrival_time: arrivalTime, transport: transport!, vehicle, destination: destination!, township,
      contact_type: contact!, exposure_date: exposureDate, entry_date: entryDate, left_date: leftDate, note,
      ...(arrivalDate! > today ? { expected: true } : {}),
    },
  };
}
