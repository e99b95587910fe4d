#!/usr/bin/python3
"""Generate the CJK PDF fixtures in extract/testdata.

Run with Debian's python3-reportlab (3.6.12, `apt-get install python3-reportlab`):

    cd extract/testdata && /usr/bin/python3 make_cjk_pdfs.py

Every font is one of reportlab's built-in CID fonts (STSong-Light, MSung-Light,
HeiseiMin-W3, HYSMyeongJo-Medium): a Type0 font with a predefined CMap as its
/Encoding, no embedded font program and no /ToUnicode, as PDFs from many
Chinese tools are. The output is uncompressed and its dates fixed so that the
files are reproducible byte for byte.
"""
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import CIDFont, UnicodeCIDFont
from reportlab.pdfgen import canvas


class LegacyCIDFont(CIDFont):
    """A CID font using a legacy predefined CMap (GBK-EUC-H, B5pc-H, ...).

    reportlab writes CIDFont strings as they are given; encode the text with
    the codec matching the CMap and pass the bytes through as Latin-1 so they
    reach the content stream unchanged.
    """

    def __init__(self, face, encoding, codec):
        CIDFont.__init__(self, face, encoding)
        self.codec = codec

    def formatForPdf(self, text):
        return CIDFont.formatForPdf(self, text.encode(self.codec).decode('latin-1'))

    def stringWidth(self, text, size, encoding=None):
        return size * len(text)


class UnicodeCMapFont(UnicodeCIDFont):
    """A Unicode CID font with an explicit Uni*-UCS2-H CMap (reportlab picks
    UniGB-UCS2-H for MSung-Light, which is Adobe-CNS1)."""

    def __init__(self, face, encoding):
        UnicodeCIDFont.__init__(self, face)
        CIDFont.__init__(self, face, encoding)
        self.name = self.fontName = face + '-' + encoding


def make(path, font, lines):
    pdfmetrics.registerFont(font)
    c = canvas.Canvas(path, pageCompression=0, invariant=1)
    y = 780
    for line in lines:
        c.setFont(font.fontName, 14)
        c.drawString(72, y, line)
        y -= 24
    c.setFont('Helvetica', 12)
    c.drawString(72, y, 'Double 11 campaign')
    c.showPage()
    c.save()


make('cjk-gb1.pdf', UnicodeCIDFont('STSong-Light'),
     ['双11预热活动方案', '优惠券报名截止10月20日', '价保规则与券后价'])
make('cjk-cns1.pdf', UnicodeCMapFont('MSung-Light', 'UniCNS-UCS2-H'),
     ['雙11預熱活動方案', '優惠券報名截止'])
make('cjk-japan1.pdf', UnicodeCIDFont('HeiseiMin-W3'),
     ['ダブル11セール準備', 'クーポン配布の予定'])
make('cjk-korea1.pdf', UnicodeCIDFont('HYSMyeongJo-Medium'),
     ['광군제 할인 행사 계획', '쿠폰 신청 마감'])
make('cjk-gbk-euc.pdf', LegacyCIDFont('STSong-Light', 'GBK-EUC-H', 'gbk'),
     ['双11预热活动方案', '优惠券报名截止'])
make('cjk-b5pc.pdf', LegacyCIDFont('MSung-Light', 'B5pc-H', 'big5'),
     ['雙11預熱活動方案', '優惠券報名截止'])
make('cjk-90ms-rksj.pdf', LegacyCIDFont('HeiseiMin-W3', '90ms-RKSJ-H', 'cp932'),
     ['ダブル11セール準備', 'クーポン配布の予定'])
make('cjk-kscms-uhc.pdf', LegacyCIDFont('HYSMyeongJo-Medium', 'KSCms-UHC-H', 'cp949'),
     ['광군제 할인 행사 계획', '쿠폰 신청 마감'])
