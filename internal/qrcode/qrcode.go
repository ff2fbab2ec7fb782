// Package qrcode draws QR codes for links students scan: a survey's
// poster and a session's check-in screen.
package qrcode

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"

	"rsc.io/qr"
)

// quietZone is the blank border a QR code needs around it, in modules.
const quietZone = 4

// pngScale is the pixels per module of the PNG: at 10 a typical code is
// about 370 pixels square, sharp on a slide or a printed page.
const pngScale = 10

// Encode encodes text with medium error correction, which survives a
// poster's creases and a projector's glare.
func Encode(text string) (*qr.Code, error) { return qr.Encode(text, qr.M) }

// SVG draws the code as one path of unit squares, merged along rows, in
// presentation attributes only (the Content-Security-Policy forbids style
// attributes). Its title names text, the address the code holds.
func SVG(c *qr.Code, text string) []byte { return SVGTitled(c, "QR code for "+text) }

// SVGTitled is SVG with the title given, for a page that says it in the
// reader's language.
func SVGTitled(c *qr.Code, title string) []byte {
	size := c.Size + 2*quietZone
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges" role="img" aria-labelledby="qr-title">`,
		size, size, size*8, size*8)
	fmt.Fprintf(&b, `<title id="qr-title">%s</title>`, escapeXML(title))
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#ffffff"/><path fill="#000000" d="`, size, size)
	for y := 0; y < c.Size; y++ {
		for x := 0; x < c.Size; {
			if !c.Black(x, y) {
				x++
				continue
			}
			run := 1
			for x+run < c.Size && c.Black(x+run, y) {
				run++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x+quietZone, y+quietZone, run, run)
			x += run
		}
	}
	b.WriteString(`"/></svg>`)
	return b.Bytes()
}

func escapeXML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// PNG draws the code as a black-and-white PNG.
func PNG(c *qr.Code) ([]byte, error) {
	size := (c.Size + 2*quietZone) * pngScale
	img := image.NewPaletted(image.Rect(0, 0, size, size), color.Palette{color.White, color.Black})
	for y := 0; y < c.Size; y++ {
		for x := 0; x < c.Size; x++ {
			if !c.Black(x, y) {
				continue
			}
			for dy := 0; dy < pngScale; dy++ {
				row := img.Pix[((y+quietZone)*pngScale+dy)*img.Stride:]
				for dx := 0; dx < pngScale; dx++ {
					row[(x+quietZone)*pngScale+dx] = 1
				}
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
