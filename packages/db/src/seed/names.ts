import type { Rand } from './prng'
import { pick } from './prng'

// Common surnames (百家姓, by frequency) and given-name characters for invented staff names.
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华玉兰志强海燕红梅晓东春梅立新文彬慧敏子涵雨欣浩然宇轩欣怡梓萱俊杰思远佳琪嘉怡博文晨阳'
const MOBILE_PREFIXES = ['133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '177', '180', '182', '186', '187', '188', '189', '199']

/** An invented two- or three-character Chinese personal name. */
export function personName(rand: Rand): string {
  const given = [...GIVEN]
  const length = rand() < 0.35 ? 1 : 2
  let name = pick(rand, [...SURNAMES])
  for (let i = 0; i < length; i++)
    name += pick(rand, given)
  return name
}

/** An invented 11-digit mainland mobile number. */
export function mobilePhone(rand: Rand): string {
  let phone = pick(rand, MOBILE_PREFIXES)
  while (phone.length < 11)
    phone += Math.floor(rand() * 10)
  return phone
}

export const OFFICE_NAMES = ['泰山国际大厦', '岱宗商务中心', '东岳大厦', '泰安金融中心', '财源大厦', '泰山科技园', '万达广场写字楼', '银座商务中心', '泰鹏大厦', '天平湖商务楼']
export const MARKET_NAMES = ['农贸市场', '便民市场', '综合市场', '商业街', '购物广场', '早市']
export const PUBLIC_NAMES = ['社区党群服务中心', '小学', '幼儿园', '社区卫生服务站', '老年活动中心', '文化广场', '新时代文明实践站']
