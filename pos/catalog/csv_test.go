package catalog

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"hanout/pos"
)

const good = `sku,name_fr,name_ar,name_en,category,barcodes,price,floor,tax,stock,unique,artisan,active
TAJ-01,Tajine de Safi,طاجين آسفي,Safi tagine,poterie,6110001|6110002,"150,00",120,20,12,no,Coop. Safi,yes
RUG-01,Tapis Beni Ouarain,زربية بني وراين,,tapis,,4500.00,3800,20,1,yes,,
`

func TestReadGood(t *testing.T) {
	ps, err := ReadCSV(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].Price != 15000 || ps[0].Floor != 12000 || ps[0].Tax != 2000 || len(ps[0].Barcodes) != 2 ||
		ps[0].Name.AR != "طاجين آسفي" || !ps[1].Unique || !ps[1].Active || ps[1].Stock != 1 {
		t.Fatalf("%+v", ps)
	}
	var b bytes.Buffer
	WriteCSV(&b, ps)
	again, err := ReadCSV(&b)
	if err != nil || !reflect.DeepEqual(again, ps) {
		t.Fatalf("round trip: %v\n%+v\n%+v", err, again, ps)
	}
}

func TestEveryBadRowIsReportedAndNothingTaken(t *testing.T) {
	in := `sku,name_fr,price,tax,stock,unique
A,Un,10,20,1,no
B,,10,20,1,no
C,Trois,dix,20,1,no
D,Quatre,10,19,1,no
A,Cinq,10,20,1,no
E,Six,10,20,2,yes
F,Sept,10,20,-1,no
G,Huit,10,20,1,maybe
`
	ps, err := ReadCSV(strings.NewReader(in))
	var ie *ImportError
	if ps != nil || !errors.As(err, &ie) {
		t.Fatalf("got %v, %v", ps, err)
	}
	want := []int{3, 4, 5, 6, 7, 9} // line 8: ordinary stock may be negative
	if len(ie.Lines) != len(want) {
		t.Fatalf("errors:\n%v", err)
	}
	for i, l := range ie.Lines {
		if l.Line != want[i] {
			t.Errorf("error %d on line %d, want %d: %v", i, l.Line, want[i], l.Err)
		}
	}
	if !strings.Contains(err.Error(), "line 6: SKU \"A\" already on line 2") {
		t.Errorf("message: %v", err)
	}
}

func TestHeaderProblems(t *testing.T) {
	for _, in := range []string{"", "sku,name_fr,price\n", "sku,name_fr,price,tax,colour\n", "sku,sku,name_fr,price,tax\n"} {
		if _, err := ReadCSV(strings.NewReader(in)); err == nil || !strings.HasPrefix(err.Error(), "line 1:") {
			t.Errorf("%q: %v", in, err)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add(good)
	f.Add("sku,name_fr,price,tax\nA,\"b\nc\",1,20\n")
	f.Add("sku,name_fr,price,tax\n\"unterminated,1,2\n")
	f.Fuzz(func(t *testing.T, in string) {
		ps, err := ReadCSV(strings.NewReader(in))
		if err != nil {
			if ps != nil {
				t.Fatal("partial catalogue returned with an error")
			}
			return
		}
		for _, p := range ps {
			if p.Validate() != nil || p.Floor > p.Price || !p.Tax.Valid() {
				t.Fatalf("invalid product accepted: %+v", p)
			}
		}
		var b bytes.Buffer
		if err := WriteCSV(&b, ps); err != nil {
			t.Fatal(err)
		}
		again, err := ReadCSV(&b)
		if err != nil || len(again) != len(ps) {
			t.Fatalf("export does not re-import: %v", err)
		}
	})
}

var _ = pos.FR
