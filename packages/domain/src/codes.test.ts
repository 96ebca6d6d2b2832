import { describe, expect, it } from 'vitest'
import { childCode, isCode, levelOf, parentCode } from './codes'
import { maskName, maskPhone } from './territory'

describe('territory codes', () => {
  it('accepts codes of the right width and digits only', () => {
    expect(isCode('community', '370902001002')).toBe(true)
    expect(isCode('grid', '370902001002003')).toBe(true)
    expect(isCode('grid', '37090200100200')).toBe(false)
    expect(isCode('street', '37090200A')).toBe(false)
    expect(isCode('street', ' 370902001')).toBe(false)
  })

  it('walks up the hierarchy', () => {
    expect(parentCode('370902001002003004')).toBe('370902001002003')
    expect(parentCode('370902001002003')).toBe('370902001002')
    expect(parentCode('370902001002')).toBe('370902001')
    expect(parentCode('370902001')).toBe('370902')
    expect(parentCode('3709')).toBeUndefined()
  })

  it('builds child codes with a 3-digit sequence', () => {
    expect(childCode('370902001002', 7)).toBe('370902001002007')
    expect(levelOf(childCode('370902001002', 7))).toBe('grid')
    expect(() => childCode('370902001002', 0)).toThrow(RangeError)
    expect(() => childCode('370902001002', 1000)).toThrow(RangeError)
  })
})

describe('masking', () => {
  it('masks phones and names', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskName('张三')).toBe('张*')
    expect(maskName('欧阳小明')).toBe('欧***')
  })
})
