#!/usr/bin/env python3
"""Writes the reader response frames in this folder, built independently of the C++ encoder from the
GA 467 layout: AA AA AA 96 69, 2-byte big-endian length (everything after it, checksum included),
SW1 SW2 SW3, data, XOR of every byte after the preamble. Run it to regenerate; the .bin files are committed."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def check(first17):
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, W)) % 11]


def field(text, size):
    raw = text.encode("utf-16-le")
    assert len(raw) <= size, text
    return raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)


def text_block(name, sex, nation, birth, address, idn, authority, start, end):
    block = (field(name, 30) + field(sex, 2) + field(nation, 4) + field(birth, 16) + field(address, 70) +
             field(idn, 36) + field(authority, 30) + field(start, 16) + field(end, 16) + field("", 36))
    assert len(block) == 256
    return block


def frame(sw3, data=b""):
    body = bytes([0, 0, sw3]) + data
    length = len(body) + 1
    tail = bytes([length >> 8, length & 0xFF]) + body
    x = 0
    for b in tail:
        x ^= b
    return bytes([0xAA, 0xAA, 0xAA, 0x96, 0x69]) + tail + bytes([x])


def base_info(text):
    photo = bytes((i * 7) & 0xFF for i in range(1024))
    return frame(0x90, bytes([0x01, 0x00, 0x04, 0x00]) + text + photo)


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


zhang = "31011819900307001"
write("base_info_ok.bin", base_info(text_block("张三", "1", "01", "19900307", "上海市青浦区华新镇华腾路1号",
                                               zhang + check(zhang), "上海市公安局青浦分局", "20150101", "20350101")))
ouyang = "11010519491231002"
write("base_info_rare_name.bin", base_info(text_block("欧阳䶮", "2", "03", "19491231", "北京市朝阳区望京街道喆园路1号",
                                                      ouyang + check(ouyang), "北京市公安局朝阳分局", "20100601", "长期")))
li = "44030419850512003"
write("base_info_expired.bin", base_info(text_block("李四", "1", "01", "19850512", "广东省深圳市福田区福中路2号",
                                                    li + check(li), "深圳市公安局福田分局", "20000101", "20200101")))
bad = zhang + ("0" if check(zhang) != "0" else "1")
write("base_info_bad_check_digit.bin", base_info(text_block("张三", "1", "01", "19900307", "上海市青浦区华新镇华腾路1号",
                                                            bad, "上海市公安局青浦分局", "20150101", "20350101")))
ok = bytearray(base_info(text_block("张三", "1", "01", "19900307", "上海市青浦区华新镇华腾路1号",
                                    zhang + check(zhang), "上海市公安局青浦分局", "20150101", "20350101")))
ok[-1] ^= 0x5A
write("base_info_bad_checksum.bin", bytes(ok))
write("base_info_truncated.bin", bytes(ok[:700]))
write("read_failed.bin", frame(0x41))
write("find_no_card.bin", frame(0x80))
write("find_card_found.bin", frame(0x9F, bytes(4)))
write("sam_self_test_failed.bin", frame(0x60))
